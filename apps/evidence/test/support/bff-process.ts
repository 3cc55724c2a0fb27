// BFF instances as real processes: `node apps/bff/dist/server.js` configured by the environment, on a
// loopback port, with their output captured (for the log scan) and their exits watched (crash check).

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import type { Emulator } from './emulator.js';
import { waitFor } from './wait.js';

/** The built server next to the package's entry (turbo builds @checkout/bff before these suites). */
export const BFF_SERVER = join(dirname(createRequire(import.meta.url).resolve('@checkout/bff')), 'server.js');

export const ADMIN_TOKEN = 'evidence-admin-token-0123456789';
export const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
export const SESSION_SECRET = 'evidence-session-secret-0123456789abcdef';

/** A port nobody listens on right now, so NOTIFY_BASE_URL can name it before the BFF listens. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The BFF's environment against the emulator, on one database, notices on the template channel. */
export function bffEnv(
  emulator: Emulator,
  port: number,
  databaseUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...(emulator.env as unknown as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    ADMIN_TOKEN,
    SESSION_SECRET,
    LOG_LEVEL: 'info',
    NOTIFY_BASE_URL: `http://127.0.0.1:${port}`,
    NOTICE_CHANNELS: 'template',
    NOTICE_POLL_MS: '100',
    NOTICE_RETRY_BASE_MS: '200',
    // The suites play the load balancer on loopback: each shopper's X-Forwarded-For is their address.
    TRUST_PROXY: 'loopback',
    ...extra,
  };
}

export interface BffProcess {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  child: ChildProcess;
  /** Everything the process wrote (stdout + stderr), across restarts. */
  output(): string;
  /** Exits that we did not cause (a crash), with their code/signal. */
  unexpectedExits(): string[];
  /** SIGKILL, no grace: what a crash or an OOM kill looks like. */
  kill(): Promise<void>;
  /** SIGTERM and wait: a graceful stop. */
  stop(): Promise<void>;
  /** Starts again with the same environment and port. */
  restart(): Promise<void>;
  alive(): boolean;
}

export async function startBff(
  name: string,
  env: Record<string, string>,
  /** Extra node flags, e.g. `--cpu-prof` for a benchmark's profile. */
  nodeFlags: readonly string[] = [],
): Promise<BffProcess> {
  if (!existsSync(BFF_SERVER)) {
    throw new Error(`${BFF_SERVER} is missing: build the BFF first (node scripts/pnpm.mjs run build)`);
  }
  const port = Number(env.PORT);
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const unexpected: string[] = [];
  let expectingExit = false;
  let child: ChildProcess;

  const spawnOnce = async () => {
    expectingExit = false;
    // The V8 flag of the production command (README), so memory is measured as deployed.
    child = spawn(process.execPath, ['--max-semi-space-size=4', ...nodeFlags, BFF_SERVER], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const current = child;
    current.once('exit', (code, signal) => {
      if (!expectingExit) unexpected.push(`${name} exited code=${code} signal=${signal}`);
    });
    await waitFor(
      async () => {
        if (current.exitCode !== null || current.signalCode !== null) return 'exited' as const;
        const res = await fetch(`${url}/readyz`).catch(() => undefined);
        return res?.ok ? ('ready' as const) : undefined;
      },
      `${name} to be ready on ${url}`,
      90_000,
      100,
    ).then((state) => {
      if (state === 'exited') throw new Error(`${name} exited during start: ${output.slice(-2000)}`);
    });
  };

  const waitExit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      expectingExit = true;
      child.once('exit', () => resolve());
      child.kill(signal);
    });

  await spawnOnce();
  return {
    name,
    url,
    port,
    get child() {
      return child;
    },
    output: () => output,
    unexpectedExits: () => [...unexpected],
    kill: () => waitExit('SIGKILL'),
    stop: () => waitExit('SIGTERM'),
    restart: spawnOnce,
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}

/** JSON over fetch; throws with the status and body on anything but 2xx. */
export async function call<T>(
  url: string,
  init: { method?: string; headers?: Record<string, string>; json?: unknown } = {},
): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: { ...(init.json === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
