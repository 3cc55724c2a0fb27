// Shared pieces of the message-push tests: an app with push apps and fast worker timings, signed
// requests built with the SDK, admin calls, and polling for the worker's results.

import { randomBytes } from 'node:crypto';
import { PushCrypto } from '@checkout/wechat';
import type { FastifyInstance } from 'fastify';
import type { PushOptions } from '../../src/push/plugin.js';
import { buildTestApp, type DatabaseFlavour, type TestApp } from '../helper.js';

export const ADMIN = { authorization: 'Bearer test-admin-token-0123456789' };

export const APP = {
  appid: 'wxpushtest000001',
  token: 'pushToken123',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

/** The Official Account card events come from: its own appid and push settings, XML only. */
export const OFFICIAL_ACCOUNT = {
  appid: 'wxpushtestoa0001',
  token: 'oaPushToken456',
  encodingAESKey: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg',
};

/** Worker timings that make retries visible in milliseconds. */
export const FAST_WORKER: PushOptions['worker'] = {
  pollIntervalMs: 20,
  backoffBaseMs: 20,
  backoffMaxMs: 100,
  leaseMs: 5000,
  forwardTimeoutMs: 1000,
};

export function pushEnv(
  apps: { appid: string; token: string; encodingAESKey: string }[] = [APP, OFFICIAL_ACCOUNT],
  overrides: Record<string, string> = {},
): Record<string, string> {
  return { WECHAT_PUSH_APPS: JSON.stringify(apps), FORWARD_ALLOWED_HOSTS: '127.0.0.1', ...overrides };
}

export function buildPushApp(
  flavour: DatabaseFlavour,
  env: Record<string, string> = pushEnv(),
  push: PushOptions = {},
): Promise<TestApp> {
  // A loaded CI machine can take seconds per statement: keep the route's deadline, but near WeChat's 5 s.
  return buildTestApp(flavour, { env, push: { worker: FAST_WORKER, storeTimeoutMs: 4000, ...push } });
}

export const crypto = new PushCrypto(APP);
export const nowSeconds = () => String(Math.floor(Date.now() / 1000));
export const nonce = () => randomBytes(5).toString('hex');

export function cardEventXml(fields: Record<string, string | number> = {}): string {
  const message: Record<string, string | number> = {
    ToUserName: 'gh_0123456789ab',
    FromUserName: 'oShopper0000000000000000001',
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'user_consume_card',
    CardId: 'pCard000000000000000000000001',
    UserCardCode: randomBytes(6).toString('hex'),
    ConsumeSource: 'FROM_API',
    ...fields,
  };
  const inner = Object.entries(message)
    .map(([k, v]) => `<${k}>${typeof v === 'number' ? v : `<![CDATA[${v}]]>`}</${k}>`)
    .join('');
  return `<xml>${inner}</xml>`;
}

/** A safe-mode request as WeChat builds it: Encrypt envelope, msg_signature over it. */
export function safeRequest(message: string, options: { crypto?: PushCrypto; timestamp?: string } = {}) {
  const c = options.crypto ?? crypto;
  const timestamp = options.timestamp ?? nowSeconds();
  const n = nonce();
  const encrypt = c.encrypt(message);
  const query = new URLSearchParams({
    signature: c.signature(timestamp, n),
    timestamp,
    nonce: n,
    encrypt_type: 'aes',
    msg_signature: c.signature(timestamp, n, encrypt),
  });
  return {
    query: query.toString(),
    body: `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  };
}

/** A plaintext-mode request: the URL signature only covers token, timestamp and nonce. */
export function plainRequest(body: string, timestamp = nowSeconds()) {
  const n = nonce();
  return {
    query: new URLSearchParams({ signature: crypto.signature(timestamp, n), timestamp, nonce: n }).toString(),
    body,
  };
}

export async function postPush(
  app: FastifyInstance,
  request: { query: string; body: string },
  options: { appid?: string; contentType?: string } = {},
) {
  return app.inject({
    method: 'POST',
    url: `/wx/push/${options.appid ?? APP.appid}?${request.query}`,
    headers: { 'content-type': options.contentType ?? 'text/xml' },
    payload: request.body,
  });
}

export async function adminGet<T>(app: FastifyInstance, url: string): Promise<T> {
  const res = await app.inject({ method: 'GET', url, headers: ADMIN });
  if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

/** Polls until check() returns a value (not undefined) or the time is up. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
