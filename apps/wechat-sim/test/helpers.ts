// Shared test plumbing: a listening emulator, JSON over fetch, and the merchant's side of the crypto.

import { createDecipheriv, createHash, createSign, randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { inject } from 'vitest';
import { buildSim, type SimKeys, type SimOptions } from '../src/app.js';

/** The key set generated once in global-setup.ts. */
export const testKeys = (): SimKeys => inject('simKeys');

export interface RunningSim {
  base: string;
  keys: SimKeys;
  appid: string;
  secret: string;
  close: () => Promise<void>;
  get: <T = Record<string, unknown>>(path: string) => Promise<T>;
  post: <T = Record<string, unknown>>(path: string, body?: unknown) => Promise<T>;
  postRaw: (path: string, body: unknown) => Promise<Response>;
}

export async function startSim(opts: SimOptions = {}): Promise<RunningSim> {
  const keys = testKeys();
  const app = await buildSim({ ...keys, ...opts });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const postRaw = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  const app0 = (opts.apps ?? keys.apps)[0]!;
  return {
    base,
    keys,
    appid: app0.appid,
    secret: app0.secret,
    close: () => app.close(),
    get: async <T>(path: string) => (await (await fetch(`${base}${path}`)).json()) as T,
    post: async <T>(path: string, body?: unknown) => (await (await postRaw(path, body)).json()) as T,
    postRaw,
  };
}

export async function tokenFor(sim: RunningSim): Promise<string> {
  const res = await sim.get<{ access_token: string }>(
    `/cgi-bin/token?grant_type=client_credential&appid=${sim.appid}&secret=${sim.secret}`,
  );
  return res.access_token;
}

export async function newUser(sim: RunningSim): Promise<string> {
  return (await sim.post<{ openid: string }>('/sim/users', {})).openid;
}

/** The merchant's Authorization header, written here with node:crypto independently of the SDK. */
export function authorization(
  keys: SimKeys,
  method: string,
  url: string,
  body: string,
  overrides: { timestamp?: number; serial?: string; mchid?: string } = {},
): string {
  const timestamp = String(overrides.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256')
    .update(`${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`)
    .sign(keys.merchant.privateKey, 'base64');
  const mchid = overrides.mchid ?? keys.merchant.mchid;
  const serial = overrides.serial ?? keys.merchant.serialNo;
  return `WECHATPAY2-SHA256-RSA2048 mchid="${mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${serial}"`;
}

export function orderBody(sim: RunningSim, openid: string, overrides: Record<string, unknown> = {}) {
  return {
    appid: sim.appid,
    mchid: sim.keys.merchant.mchid,
    description: '测试商品',
    out_trade_no: `T${randomBytes(8).toString('hex')}`,
    notify_url: 'http://127.0.0.1:9/pay/notify',
    amount: { total: 1234, currency: 'CNY' },
    payer: { openid },
    ...overrides,
  };
}

export async function prepay(sim: RunningSim, body: unknown, authOverride?: string): Promise<Response> {
  const path = '/v3/pay/transactions/jsapi';
  const raw = JSON.stringify(body);
  return fetch(`${sim.base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: authOverride ?? authorization(sim.keys, 'POST', path, raw),
    },
    body: raw,
  });
}

/** wx.requestPayment parameters, signed with the merchant key (as the BFF would). */
export function paymentParams(keys: SimKeys, appId: string, prepayId: string) {
  const timeStamp = String(Math.floor(Date.now() / 1000));
  const nonceStr = randomBytes(16).toString('hex');
  const pkg = `prepay_id=${prepayId}`;
  const paySign = createSign('RSA-SHA256')
    .update(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`)
    .sign(keys.merchant.privateKey, 'base64');
  return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
}

/** Places and pays an order; returns its prepay_id. */
export async function paidOrder(sim: RunningSim, openid: string, overrides: Record<string, unknown> = {}) {
  const res = await prepay(sim, orderBody(sim, openid, overrides));
  const { prepay_id } = (await res.json()) as { prepay_id: string };
  const paid = await sim.post<{ errMsg: string }>(
    '/sim/pay/confirm',
    paymentParams(sim.keys, sim.appid, prepay_id),
  );
  if (paid.errMsg !== 'requestPayment:ok') throw new Error(`payment failed: ${paid.errMsg}`);
  return prepay_id;
}

export function decryptAesGcm(
  apiV3Key: string,
  resource: { ciphertext: string; nonce: string; associated_data: string },
) {
  const data = Buffer.from(resource.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(resource.nonce));
  decipher.setAAD(Buffer.from(resource.associated_data));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

/** WXBizMsgCrypt decryption, written here from the spec so the sim's encryption is checked independently. */
export function decryptPush(encrypt: string, encodingAESKey: string): { message: string; appid: string } {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  const pad = padded[padded.length - 1]!;
  const frame = padded.subarray(0, padded.length - pad);
  const length = frame.readUInt32BE(16);
  return {
    message: frame.subarray(20, 20 + length).toString('utf8'),
    appid: frame.subarray(20 + length).toString('utf8'),
  };
}

export const sha1Sorted = (...parts: string[]) =>
  createHash('sha1').update(parts.sort().join('')).digest('hex');

export interface ReceivedRequest {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A tiny merchant server: records every request and answers with the given handler. */
export async function startReceiver(
  answer: (
    request: ReceivedRequest,
    index: number,
  ) => Promise<{ status?: number; body?: string; delayMs?: number }>,
) {
  const received: ReceivedRequest[] = [];
  const app = Fastify({ forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post('/*', async (request, reply) => {
    const entry = { url: request.url, headers: request.headers, body: String(request.body ?? '') };
    received.push(entry);
    const out = await answer(entry, received.length - 1);
    if (out.delayMs) await new Promise((r) => setTimeout(r, out.delayMs));
    return reply
      .code(out.status ?? 200)
      .type('text/plain')
      .send(out.body ?? '');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, received, close: () => app.close() };
}

export const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs = 3000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};
