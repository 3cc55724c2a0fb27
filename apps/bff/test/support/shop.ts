// A real BFF (listening, so the emulator can send it payment notifications) against a real WeChat
// emulator on a random port, and the shopper steps the tests are written in.

import { createServer } from 'node:net';
import type { CreateOrderReply, NoticeLogEntry, Order, RequestPaymentParams } from '@checkout/shared';
import { type BffEnv, buildSim, type InboxMessage, type SimOptions } from '@checkout/wechat-sim';
import type { FastifyInstance } from 'fastify';
import type { BuildAppOptions } from '../../src/build-app.js';
import { buildTestApp, type DatabaseFlavour, type TestApp } from '../helper.js';

export const ADMIN = { authorization: 'Bearer test-admin-token-0123456789' };

/** Notice timings fast enough for tests: retries in tens of milliseconds. */
export const FAST_NOTICES: NonNullable<BuildAppOptions['notices']> = {
  pollIntervalMs: 40,
  retryBaseMs: 40,
  retryMaxMs: 400,
  leaseMs: 5000,
  outcomeWaitMs: 2500,
  outcomePollMs: 25,
};

export interface Emulator {
  app: FastifyInstance;
  url: string;
  env: BffEnv;
  post<T = unknown>(path: string, body: unknown): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
  inbox(openid: string): Promise<InboxMessage[]>;
  close(): Promise<void>;
}

export async function startEmulator(
  options: SimOptions = {},
  /** Adds hooks before it listens (a test that holds or drops WeChat's answers). */
  prepare?: (app: FastifyInstance) => void,
): Promise<Emulator> {
  const app = await buildSim({ timeScale: 0.01, ...options });
  prepare?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T;
    if (!response.ok)
      throw new Error(`emulator ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    app,
    url,
    env: app.sim.env(url),
    post: (path, body) => call('POST', path, body),
    get: (path) => call('GET', path),
    inbox: (openid) => call<InboxMessage[]>('GET', `/sim/inbox?openid=${encodeURIComponent(openid)}`),
    close: () => app.close(),
  };
}

/** A port nobody listens on right now, so NOTIFY_BASE_URL can name it before the app listens. */
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

/** The emulator's settings for a BFF whose /pay/notify listens on notifyPort (message push left out). */
export function bffEnv(
  emulator: Emulator,
  notifyPort: number,
  extra: Record<string, string> = {},
): Record<string, string | undefined> {
  const {
    WECHAT_PUSH_TOKEN: _token,
    WECHAT_PUSH_AES_KEY: _key,
    WECHAT_PUSH_APPS: _apps,
    ...env
  } = emulator.env;
  return { ...env, NOTIFY_BASE_URL: `http://127.0.0.1:${notifyPort}`, ...extra };
}

export interface Shopper {
  openid: string;
  headers: { authorization: string };
}

export interface Shop {
  emulator: Emulator;
  bff: TestApp;
  app: FastifyInstance;
  appid: string;
  login(): Promise<Shopper>;
  order(
    shopper: Shopper,
    options?: { formId?: string; items?: { sku: string; quantity: number }[] },
  ): Promise<CreateOrderReply>;
  pay(payment: RequestPaymentParams): Promise<{ errMsg: string }>;
  getOrder(shopper: Shopper, sn: string): Promise<Order>;
  waitForStatus(shopper: Shopper, sn: string, status: Order['status']): Promise<Order>;
  noticeLog(sn: string): Promise<NoticeLogEntry[]>;
  close(): Promise<void>;
}

export interface ShopOptions extends Partial<BuildAppOptions> {
  env?: Record<string, string>;
}

export async function openShop(
  emulator: Emulator,
  flavour: DatabaseFlavour,
  options: ShopOptions = {},
): Promise<Shop> {
  const port = await freePort();
  const { env, ...rest } = options;
  const bff = await buildTestApp(flavour, {
    rateLimits: { loginPerMinute: 10_000, ordersPerMinute: 10_000 },
    ...rest,
    notices: { ...FAST_NOTICES, ...options.notices },
    env: bffEnv(emulator, port, env),
  });
  await bff.app.listen({ port, host: '127.0.0.1' });
  return shopFor(emulator, bff);
}

/** The shopper steps against an app that is already listening where its NOTIFY_BASE_URL says. */
export function shopFor(emulator: Emulator, bff: TestApp): Shop {
  const { app } = bff;
  const appid = emulator.env.WECHAT_APPID;
  const shop: Shop = {
    emulator,
    bff,
    app,
    appid,
    async login() {
      const { code, openid } = await emulator.post<{ code: string; openid: string }>('/sim/login-codes', {});
      const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { code } });
      if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
      return { openid, headers: { authorization: `Bearer ${res.json().token}` } };
    },
    async order(shopper, options = {}) {
      const res = await app.inject({
        method: 'POST',
        url: '/orders',
        headers: shopper.headers,
        payload: {
          items: options.items ?? [{ sku: 'drip-bags-10', quantity: 2 }],
          ...(options.formId ? { formId: options.formId } : {}),
        },
      });
      if (res.statusCode !== 200) throw new Error(`order: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    pay: (payment) => emulator.post('/sim/pay/confirm', { ...payment, appId: appid }),
    async getOrder(shopper, sn) {
      const res = await app.inject({ method: 'GET', url: `/orders/${sn}`, headers: shopper.headers });
      if (res.statusCode !== 200) throw new Error(`get order: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async waitForStatus(shopper, sn, status) {
      return waitFor(async () => {
        const order = await shop.getOrder(shopper, sn);
        return order.status === status ? order : undefined;
      }, `order ${sn} to be ${status}`);
    },
    async noticeLog(sn) {
      const res = await app.inject({ method: 'GET', url: `/admin/notices?sn=${sn}`, headers: ADMIN });
      return (res.json().notices as NoticeLogEntry[]).sort((a, b) => a.attempt - b.attempt);
    },
    close: () => bff.close(),
  };
  return shop;
}

/** Polls until `probe` returns something, or fails naming what it waited for. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the shopper's inbox holds `count` messages, then a little longer to catch a duplicate. */
export async function settledInbox(
  emulator: Emulator,
  openid: string,
  count: number,
): Promise<InboxMessage[]> {
  await waitFor(
    async () => ((await emulator.inbox(openid)).length >= count ? true : undefined),
    `${count} notices`,
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  return emulator.inbox(openid);
}
