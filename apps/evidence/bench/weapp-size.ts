// The weapp build's main package against WeChat's 2 MB limit (read from apps/miniapp/dist/weapp).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIMIT = 2 * 1024 * 1024;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

export async function section(): Promise<void> {
  const root = fileURLToPath(new URL('../../miniapp/dist/weapp', import.meta.url));
  if (!existsSync(join(root, 'app.json'))) {
    console.log(
      'weapp: no build found; run `node scripts/pnpm.mjs --filter @checkout/miniapp build:weapp` first',
    );
    return;
  }
  const appJson = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => p.root.replace(/\/?$/, '/'));
  // Source maps are not uploaded to WeChat; everything else outside a subpackage is the main package.
  const all = files(root).filter((file) => !file.endsWith('.map'));
  const main = all.filter((file) => !subRoots.some((r) => relative(root, file).startsWith(r)));
  const bytes = main.reduce((sum, file) => sum + statSync(file).size, 0);
  const biggest = main
    .map((file) => ({ file: relative(root, file), size: statSync(file).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 3);
  console.log(
    `weapp: ${main.length} files in the main package, ${subRoots.length} subpackages; largest ${biggest.map((b) => `${b.file} ${(b.size / 1024).toFixed(0)} KB`).join(', ')}`,
  );
  console.log(
    `weapp main package: ${(bytes / 1024).toFixed(0)} KB of 2048 KB (${((bytes / LIMIT) * 100).toFixed(1)}% of the limit) ${bytes < LIMIT ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    'reproduce: node scripts/pnpm.mjs --filter @checkout/miniapp build:weapp && node scripts/pnpm.mjs --filter @checkout/evidence bench weapp',
  );
}
