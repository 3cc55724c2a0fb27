#!/usr/bin/env node
// `npm start`: install, build only what the demo runs (turbo's cache makes a second start quick),
// then run the demo. Prints each step with the time since the start so the first minute never
// looks stuck. Arguments go to the demo: `npm start -- --postgres`.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const started = Date.now();
const step = (what) => console.log(`[start ${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
  });
  if (result.status !== 0) {
    step(`failed: ${command} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

const pnpm = (...args) => run(process.execPath, [resolve(root, 'scripts/pnpm.mjs'), ...args]);

/** pnpm keeps a copy of the lockfile it installed in node_modules; the same text means nothing to install. */
function installedLockMatches() {
  try {
    const read = (path) => readFileSync(resolve(root, path), 'utf8');
    return read('pnpm-lock.yaml') === read('node_modules/.pnpm/lock.yaml');
  } catch {
    return false;
  }
}

if (installedLockMatches()) {
  step('dependencies are installed (node_modules matches pnpm-lock.yaml)');
} else {
  step('installing dependencies (pnpm install --frozen-lockfile)');
  pnpm('install', '--frozen-lockfile', '--reporter=append-only');
}
step('building the emulator, the BFF and the console (turbo; cached builds are skipped)');
pnpm(
  'exec',
  'turbo',
  'run',
  'build',
  '--filter=@checkout/wechat-sim',
  '--filter=@checkout/bff',
  '--filter=@checkout/console',
  '--output-logs=errors-only',
);
step('building the h5 checkout (the demo serves it; the weapp bundle is built by the tests)');
pnpm('exec', 'turbo', 'run', 'build:h5', '--filter=@checkout/miniapp', '--output-logs=errors-only');
step('starting the demo');
run(process.execPath, [resolve(root, 'scripts/demo.mjs'), ...process.argv.slice(2)]);
