// Starts the README's demo (scripts/demo.mjs: emulator + BFF on PGlite + the h5 build) in a temp
// data folder and waits until it prints "ready", so the browser test exercises what `npm start` runs.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DemoStack {
  h5: string;
  bff: string;
  sim: string;
  adminToken: string;
  stop(): Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, '../../..');

export async function startDemoStack(): Promise<DemoStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'checkout-e2e-'));
  const adminToken = 'e2e-admin-token-0123456789';
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'scripts/demo.mjs')], {
    env: {
      ...process.env,
      DEMO_DATA_DIR: dataDir,
      ADMIN_TOKEN: adminToken,
      DEMO_QUIET: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`demo did not get ready in 120 s:\n${output}`)), 120_000);
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes('[demo] ready')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`demo exited with ${code}:\n${output}`));
    });
  });
  return {
    h5: 'http://127.0.0.1:8080',
    bff: 'http://127.0.0.1:3000',
    sim: 'http://127.0.0.1:4100',
    adminToken,
    stop: async () => {
      child.kill('SIGINT');
      await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
