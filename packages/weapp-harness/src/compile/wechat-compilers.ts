// WeChat's own WXML (wcc) and WXSS (wcsc) compilers, as shipped by the npm package miniprogram-compiler
// (the binaries devtools uses). Its install script stays blocked, so the run bit is checked here.

import { accessSync, chmodSync, constants, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

const require = createRequire(import.meta.url);
const packageRoot = dirname(require.resolve('miniprogram-compiler/package.json'));

type Wcc = (root: string, files: string[], wxsFiles: string[], options: { maxBuffer?: number }) => string;
type Wcsc = (
  root: string,
  files: string[],
  options: { maxBuffer?: number },
) => Record<string, string> | Error;

/** Generous: the generated $gwx for a Taro bundle is about 3x its WXML. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** A WXML or WXSS file WeChat's compiler refused; the message is the compiler's (file:line:column). */
export class WeappCompileError extends Error {
  constructor(
    readonly language: 'wxml' | 'wxss',
    readonly compilerMessage: string,
  ) {
    super(`WeChat's ${language === 'wxml' ? 'wcc' : 'wcsc'} refused the bundle: ${compilerMessage}`);
    this.name = 'WeappCompileError';
  }
}

/** The compiler binaries for this platform; throws naming the file when one cannot be run. */
export function compilerBinaries(): { wcc: string; wcsc: string } {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new Error(`miniprogram-compiler: no wcc/wcsc for ${process.platform} in this harness`);
  }
  const folder = join(packageRoot, 'bin', process.platform === 'linux' ? 'linux' : 'mac');
  const binaries = { wcc: join(folder, 'wcc'), wcsc: join(folder, 'wcsc') };
  for (const binary of Object.values(binaries)) ensureExecutable(binary);
  return binaries;
}

// npm tarballs may lose the mode bits; the package would chmod 777 silently, we set 755 and check.
function ensureExecutable(file: string): void {
  try {
    accessSync(file, constants.X_OK);
    return;
  } catch {
    chmodSync(file, 0o755);
  }
  accessSync(file, constants.X_OK);
}

function listFiles(root: string, extension: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith(extension)) {
        found.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  walk(root);
  return found.sort();
}

const withoutExtension = (file: string) => file.slice(0, file.lastIndexOf('.'));

function compilerMessage(error: Error): string {
  // The package prefixes "编译 .wxml 文件错误：" (compile error); the rest is wcc's own text.
  return error.message.replace(/^[^：]*：/, '').trim();
}

/** Compiles every .wxml (and .wxs) under root with wcc; returns the source of the `$gwx` function. */
export function compileWxml(root: string): string {
  compilerBinaries();
  const wcc = require('miniprogram-compiler/src/wcc.js') as Wcc;
  const wxml = listFiles(root, '.wxml').map(withoutExtension);
  try {
    return wcc(root, wxml, listFiles(root, '.wxs'), { maxBuffer: MAX_OUTPUT_BYTES });
  } catch (error) {
    throw new WeappCompileError('wxml', compilerMessage(error as Error));
  }
}

/** Compiles every .wxss under root with wcsc; returns the generated style code per file. */
export function compileWxss(root: string): Record<string, string> {
  compilerBinaries();
  const wcsc = require('miniprogram-compiler/src/wcsc.js') as Wcsc;
  const wxss = listFiles(root, '.wxss').map(withoutExtension);
  if (wxss.length === 0) return {};
  // The package returns (not throws) its Error for a refused stylesheet.
  const result = wcsc(root, wxss, { maxBuffer: MAX_OUTPUT_BYTES });
  if (result instanceof Error) throw new WeappCompileError('wxss', compilerMessage(result));
  return result;
}
