// A BFF process killed (SIGKILL) while a notice waits for its next retry, or in the middle of a send:
// the restarted process finds the notice in the database and delivers it exactly once. Runs the built
// server (dist/server.js).

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NoticeLogEntry } from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, type DatabaseFlavour, freshDatabase, testEnv } from '../helper.js';
import {
  ADMIN,
  bffEnv,
  type Emulator,
  freePort,
  settledInbox,
  startEmulator,
  waitFor,
} from '../support/shop.js';

const SERVER = fileURLToPath(new URL('../../dist/server.js', import.meta.url));

const TEMPLATE_SEND = '/cgi-bin/message/wxopen/template/send';
/** While set, WeChat's answers to template sends wait for it (the message is in the inbox already). */
let heldAnswers: Promise<void> | undefined;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({}, (app) =>
    app.addHook('onSend', async (request, _reply, payload) => {
      if (heldAnswers && request.url.startsWith(TEMPLATE_SEND)) await heldAnswers;
      return payload;
    }),
  );
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

describe(`a BFF killed in the middle of a send on ${flavour}`, () => {
  const servers: Server[] = [];
  let drop: () => Promise<void> = async () => {};
  let env: Record<string, string | undefined> = {};
  let port = 0;
  let current: Server | undefined;
  beforeAll(async () => {
    expect(existsSync(SERVER), 'build the bff first (turbo runs build before test)').toBe(true);
    const database = await databaseEnv(flavour);
    drop = database.drop;
    port = await freePort();
    env = testEnv({
      ...bffEnv(emulator, port),
      ...database.env,
      LOG_LEVEL: 'warn',
      NOTICE_CHANNELS: 'template',
      NOTICE_POLL_MS: '50',
      // A dead process's notice is taken over after 1 s instead of the production minute.
      NOTICE_LEASE_MS: '1000',
    });
    current = await startServer(env, port);
    servers.push(current);
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) await kill(server);
    await drop();
  });

  const restart = async () => {
    current = await startServer(env, port);
    servers.push(current);
    return current;
  };

  /** A shopper's order paid through the emulator's cashier, with the formId the app gave. */
  async function payOrder(server: Server, beforePaying: () => Promise<void>) {
    const { code, openid } = await emulator.post<{ code: string; openid: string }>('/sim/login-codes', {});
    const { token } = await call<{ token: string }>(`${server.url}/auth/login`, {
      method: 'POST',
      json: { code },
    });
    const shopper = { authorization: `Bearer ${token}` };
    const { formIds } = await emulator.post<{ formIds: string[] }>('/sim/form-ids', { openid });
    const { order, payment } = await call<{ order: { sn: string }; payment: Record<string, string> }>(
      `${server.url}/orders`,
      {
        method: 'POST',
        headers: shopper,
        json: { items: [{ sku: 'ceramic-mug', quantity: 1 }], formId: formIds[0] },
      },
    );
    await beforePaying();
    await emulator.post('/sim/pay/confirm', { ...payment, appId: emulator.env.WECHAT_APPID });
    return { sn: order.sn, openid, shopper, formId: formIds[0] };
  }

  async function settledNotice(server: Server, sn: string, shopper: Record<string, string>) {
    await waitFor(
      async () => {
        const view = await call<{ notices: { status: string }[] }>(`${server.url}/orders/${sn}`, {
          headers: shopper,
        });
        return view.notices[0]?.status === 'sent' ? true : undefined;
      },
      `the notice of ${sn} to be sent`,
      30_000,
    );
    return (
      await call<{ notices: NoticeLogEntry[] }>(`${server.url}/admin/notices?sn=${sn}`, { headers: ADMIN })
    ).notices.sort((a, b) => a.attempt - b.attempt);
  }

  it('after WeChat took the message, before the BFF recorded it: resent with the same formId, delivered once', {
    timeout: 120_000,
  }, async () => {
    let release = () => {};
    const { sn, openid, shopper, formId } = await payOrder(current!, async () => {
      heldAnswers = new Promise((resolve) => {
        release = resolve;
      });
    });
    // WeChat delivered the message; its answer is held, so the BFF has not recorded anything yet.
    await waitFor(async () => ((await emulator.inbox(openid)).length === 1 ? true : undefined), 'delivery');
    await kill(current!);
    heldAnswers = undefined;
    release();

    const next = await restart();
    const log = await settledNotice(next, sn, shopper);
    const inbox = await settledInbox(emulator, openid, 1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ form_id: formId, data: { keyword1: { value: sn } } });
    // The killed process's attempt was logged as in flight; the resend found it delivered.
    expect(log.map((e) => [e.attempt, e.credentialKind, e.errcode])).toEqual([
      [1, 'form_id', 0],
      [2, 'form_id', 41029],
    ]);
    expect(log[1]?.errmsg).toBe('form id already used by the interrupted attempt: counted as delivered');
  });

  it('before WeChat took the message: the takeover sends it with the same formId', {
    timeout: 120_000,
  }, async () => {
    const sendsBefore = emulator.app.sim.stats.snapshot().calls.template_send ?? 0;
    const delayMs = 2000;
    const { sn, openid, shopper, formId } = await payOrder(current!, async () => {
      // WeChat sits on the send before reading it; a caller that hangs up meanwhile sent nothing.
      await emulator.post('/sim/faults', { endpoint: 'template_send', delayMs, count: 1 });
    });
    await waitFor(
      async () =>
        (emulator.app.sim.stats.snapshot().calls.template_send ?? 0) > sendsBefore ? true : undefined,
      'the send to reach WeChat',
    );
    const killedAt = Date.now();
    await kill(current!);

    const next = await restart();
    const log = await settledNotice(next, sn, shopper);
    // Past the delay: the interrupted send is gone for good.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + delayMs + 300 - Date.now())));
    const inbox = await settledInbox(emulator, openid, 1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ form_id: formId, data: { keyword1: { value: sn } } });
    expect(log.map((e) => [e.attempt, e.credentialKind, e.errcode])).toEqual([
      [1, 'form_id', undefined],
      [2, 'form_id', 0],
    ]);
    expect(log[0]?.errmsg).toMatch(/^not delivered: interrupted before WeChat took it/);
  });
});
