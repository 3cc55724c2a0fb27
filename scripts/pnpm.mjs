#!/usr/bin/env node
// Runs the pinned pnpm (from package.json "packageManager") through npx, so a machine with only
// Node and npm needs no global install and no corepack (corepack fails signature checks here).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { packageManager } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const result = spawnSync('npx', ['-y', packageManager, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
});
process.exit(result.status ?? 1);
