// A BFF process killed (SIGKILL) while a notice waits for its next retry: the restarted process finds
// the notice in the database and delivers it exactly once. Runs the built server (dist/server.js).

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NoticeLogEntry } from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, type DatabaseFlavour, freshDatabase, testEnv } from './helper.js';
import {
  ADMIN,
  bffEnv,
  type Emulator,
  freePort,
  settledInbox,
  startEmulator,
  waitFor,
} from './support/shop.js';

const SERVER = fileURLToPath(new URL('../dist/server.js', import.meta.url));

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function startServer(env: Record<string, string | undefined>, port: number): Promise<Server> {
  const child = spawn(process.execPath, [SERVER], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${output}`);
      return fetch(`${url}/healthz`).then(
        (r) => (r.ok ? true : undefined),
        () => undefined,
      );
    },
    'the server to listen',
    60_000, // a fresh PGlite folder runs initdb first
  );
  return { child, url, output: () => output };
}

function kill(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

async function call<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...rest.headers },
    body: json === undefined ? rest.body : JSON.stringify(json),
  });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function databaseEnv(flavour: DatabaseFlavour) {
  if (flavour === 'postgres') {
    const database = await freshDatabase('postgres');
    return { env: { DATABASE_URL: database.target.url }, drop: database.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bff-crash-'));
  return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

// One flavour: the shared server when there is one (as in CI), else a PGlite data folder on disk.
const flavour: DatabaseFlavour = DATABASES.includes('postgres') ? 'postgres' : 'pglite';

describe(`a BFF killed mid-retry on ${flavour}`, () => {
  const servers: Server[] = [];
  let drop: () => Promise<void> = async () => {};
  afterAll(async () => {
    for (const server of servers) await kill(server);
    await drop();
  });

  it('is restarted and delivers the notice exactly once', { timeout: 120_000 }, async () => {
    expect(existsSync(SERVER), 'build the bff first (turbo runs build before test)').toBe(true);
    const database = await databaseEnv(flavour);
    drop = database.drop;
    const port = await freePort();
    const env = testEnv({
      ...bffEnv(emulator, port),
      ...database.env,
      LOG_LEVEL: 'warn',
      NOTICE_RETRY_BASE_MS: '1000',
      NOTICE_POLL_MS: '50',
    });
    const first = await startServer(env, port);
    servers.push(first);

    const { code, openid } = await emulator.post<{ code: string; openid: string }>('/sim/login-codes', {});
    const { token } = await call<{ token: string }>(`${first.url}/auth/login`, {
      method: 'POST',
      json: { code },
    });
    const shopper = { authorization: `Bearer ${token}` };
    const { formIds } = await emulator.post<{ formIds: string[] }>('/sim/form-ids', { openid });
    const { order, payment } = await call<{ order: { sn: string }; payment: Record<string, string> }>(
      `${first.url}/orders`,
      {
        method: 'POST',
        headers: shopper,
        json: { items: [{ sku: 'oolong-tea-250g', quantity: 1 }], formId: formIds[0] },
      },
    );

    await emulator.post('/sim/faults', { endpoint: 'template_send', errcode: -1, count: 1000 });
    await emulator.post('/sim/pay/confirm', { ...payment, appId: emulator.env.WECHAT_APPID });
    const attemptsOf = async (url: string) =>
      (await call<{ notices: NoticeLogEntry[] }>(`${url}/admin/notices?sn=${order.sn}`, { headers: ADMIN }))
        .notices;
    // Two failed attempts: the notice is now waiting ~2 s for its third.
    await waitFor(async () => ((await attemptsOf(first.url)).length >= 2 ? true : undefined), 'two failures');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await kill(first);
    await emulator.app.inject({ method: 'DELETE', url: '/sim/faults' });
    expect(await emulator.inbox(openid)).toEqual([]);

    const second = await startServer(env, port);
    servers.push(second);
    const inbox = await settledInbox(emulator, openid, 1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ form_id: formIds[0], data: { keyword1: { value: order.sn } } });
    const log = (await attemptsOf(second.url)).sort((a, b) => a.attempt - b.attempt);
    expect(log.map((e) => e.errcode)).toEqual([-1, -1, 0]);
    expect(log.map((e) => e.attempt)).toEqual([1, 2, 3]);
    const view = await call<{ notices: unknown[] }>(`${second.url}/orders/${order.sn}`, { headers: shopper });
    expect(view.notices).toEqual([
      { sn: order.sn, kind: 'pay_success', status: 'sent', channel: 'template' },
    ]);
  });
});
