// The compile check a weapp build must pass: every WXML and WXSS through WeChat's compilers, and the
// size of what they produce plus the JS, against WeChat's 2 MB main-package limit.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileWxml, compileWxss } from './wechat-compilers.js';

/** WeChat refuses to upload a main package above 2 MB. */
export const MAIN_PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;

export interface BundleFigures {
  /** Bytes of the `$gwx` source wcc generated from every WXML/WXS file. */
  compiledWxmlBytes: number;
  /** Bytes of the style code wcsc generated from every WXSS file. */
  compiledWxssBytes: number;
  /** Bytes of the JS files (source maps excluded: they are not uploaded). */
  jsBytes: number;
  /** Bytes of everything shipped as is (JS, JSON, WXML, WXSS, WXS, assets; no source maps). */
  packageBytes: number;
}

function shippedFiles(dir: string): { path: string; bytes: number }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return shippedFiles(path);
    return path.endsWith('.map') ? [] : [{ path, bytes: statSync(path).size }];
  });
}

/** Compiles the bundle with wcc and wcsc (throws WeappCompileError naming file and line) and measures it. */
export function checkBundle(root: string): BundleFigures {
  const gwx = compileWxml(root);
  const styles = compileWxss(root);
  const files = shippedFiles(root);
  return {
    compiledWxmlBytes: Buffer.byteLength(gwx),
    compiledWxssBytes: Object.values(styles).reduce((sum, code) => sum + Buffer.byteLength(code), 0),
    jsBytes: files.filter((f) => f.path.endsWith('.js')).reduce((sum, f) => sum + f.bytes, 0),
    packageBytes: files.reduce((sum, f) => sum + f.bytes, 0),
  };
}
