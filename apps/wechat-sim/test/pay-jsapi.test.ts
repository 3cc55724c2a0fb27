import { createVerify } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorization, newUser, orderBody, prepay, type RunningSim, startSim, testKeys } from './helpers.js';

let sim: RunningSim;
let openid: string;
// One emulator per file, reset between tests: building one costs more than the tests themselves.
beforeAll(async () => {
  sim = await startSim();
});
beforeEach(async () => {
  await sim.post('/sim/reset');
  openid = await newUser(sim);
});
afterAll(async () => sim.close());

const PATH = '/v3/pay/transactions/jsapi';

async function verifyPlatformSignature(res: Response, body: string): Promise<boolean> {
  const ts = res.headers.get('wechatpay-timestamp')!;
  const nonce = res.headers.get('wechatpay-nonce')!;
  return createVerify('RSA-SHA256')
    .update(`${ts}\n${nonce}\n${body}\n`)
    .verify(sim.keys.platform.publicKey, res.headers.get('wechatpay-signature')!, 'base64');
}

describe('POST /v3/pay/transactions/jsapi', () => {
  it('returns a prepay_id in a response signed with the platform key', async () => {
    const res = await prepay(sim, orderBody(sim, openid));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text).prepay_id).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    expect(res.headers.get('wechatpay-serial')).toBe(sim.keys.platform.serial);
    expect(sim.keys.platform.serial).toMatch(/^PUB_KEY_ID_/);
    expect(await verifyPlatformSignature(res, text)).toBe(true);
  });

  it('refuses a request whose signature does not cover the bytes sent (401 SIGN_ERROR, signed)', async () => {
    const body = JSON.stringify(orderBody(sim, openid));
    const signedOther = authorization(sim.keys, 'POST', PATH, body.replace('1234', '1'));
    const res = await fetch(`${sim.base}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: signedOther },
      body,
    });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(JSON.parse(text)).toMatchObject({ code: 'SIGN_ERROR' });
    expect(await verifyPlatformSignature(res, text)).toBe(true);
  });

  it.each([
    ['a missing header', () => ''],
    [
      'a stale timestamp',
      (b: string) =>
        authorization(sim.keys, 'POST', PATH, b, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
    ],
    [
      // 30 s past the 5-minute window: the check happens a moment after signing, which eats into a 1 s margin.
      'a future timestamp',
      (b: string) =>
        authorization(sim.keys, 'POST', PATH, b, { timestamp: Math.floor(Date.now() / 1000) + 330 }),
    ],
    ['a wrong serial', (b: string) => authorization(sim.keys, 'POST', PATH, b, { serial: 'ABCDEF' })],
    ['another mchid', (b: string) => authorization(sim.keys, 'POST', PATH, b, { mchid: '1900000001' })],
    ['another URL', (b: string) => authorization(sim.keys, 'POST', `${PATH}?x=1`, b)],
    [
      'another scheme',
      (b: string) => authorization(sim.keys, 'POST', PATH, b).replace('WECHATPAY2-SHA256-RSA2048', 'Bearer'),
    ],
  ])('answers 401 for %s', async (_name, auth) => {
    const body = orderBody(sim, openid);
    const res = await prepay(sim, body, auth(JSON.stringify(body)));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('SIGN_ERROR');
  });

  it.each([
    ['appid', { appid: undefined }, 'appid'],
    ['description', { description: '' }, 'description'],
    ['out_trade_no', { out_trade_no: 'a b' }, 'out_trade_no'],
    ['notify_url', { notify_url: 'ftp://x' }, 'notify_url'],
    ['notify_url over http', { notify_url: 'http://shop.example.com/pay/notify' }, 'https'],
    ['notify_url with a query', { notify_url: 'https://shop.example.com/pay/notify?sn=1' }, 'query'],
    ['notify_url with an empty query', { notify_url: 'https://shop.example.com/pay/notify?' }, 'query'],
    ['amount.total zero', { amount: { total: 0 } }, 'amount.total'],
    ['amount.total decimal', { amount: { total: 12.5 } }, 'amount.total'],
    ['payer.openid', { payer: {} }, 'payer.openid'],
    ['payer not a user', { payer: { openid: 'o-stranger' } }, 'payer.openid'],
  ])('answers 400 PARAM_ERROR naming %s', async (_name, override, field) => {
    const res = await prepay(sim, orderBody(sim, openid, override));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('PARAM_ERROR');
    expect(body.message).toContain(field);
  });

  it.each(['https://shop.example.com/pay/notify', 'http://localhost:3000/pay/notify', 'http://[::1]:3000/n'])(
    'takes the notify_url %s (https, or http on a loopback host)',
    async (notifyUrl) => {
      expect((await prepay(sim, orderBody(sim, openid, { notify_url: notifyUrl }))).status).toBe(200);
    },
  );

  it('answers APPID_MCHID_NOT_MATCH for an app the merchant is not bound to', async () => {
    const res = await prepay(sim, orderBody(sim, openid, { appid: 'wx1111111111111111' }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('APPID_MCHID_NOT_MATCH');
  });

  it('answers a signed non-JSON body with 400 PARAM_ERROR', async () => {
    const body = '{not json';
    const res = await fetch(`${sim.base}${PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: authorization(sim.keys, 'POST', PATH, body),
      },
      body,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('PARAM_ERROR');
  });

  it('returns the same prepay_id for a retried order and refuses a changed one', async () => {
    const body = orderBody(sim, openid);
    const first = (await (await prepay(sim, body)).json()) as { prepay_id: string };
    const again = (await (await prepay(sim, body)).json()) as { prepay_id: string };
    expect(again.prepay_id).toBe(first.prepay_id);
    const changed = await prepay(sim, { ...body, amount: { total: 1, currency: 'CNY' } });
    expect(changed.status).toBe(400);
    expect(((await changed.json()) as { code: string }).code).toBe('OUT_TRADE_NO_USED');
  });

  it('answers an injected 5xx with SYSTEM_ERROR, then recovers', async () => {
    await sim.post('/sim/faults', { endpoint: 'pay_jsapi', status: 503, count: 1 });
    const failed = await prepay(sim, orderBody(sim, openid));
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { code: string }).code).toBe('SYSTEM_ERROR');
    expect((await prepay(sim, orderBody(sim, openid))).status).toBe(200);
  });

  it('limits requests per minute with 429 FREQUENCY_LIMITED', async () => {
    const limitedSim = await startSim({ rateLimitPerMinute: { pay_jsapi: 1 } });
    try {
      const payer = await newUser(limitedSim);
      expect((await prepay(limitedSim, orderBody(limitedSim, payer))).status).toBe(200);
      const limited = await prepay(limitedSim, orderBody(limitedSim, payer));
      expect(limited.status).toBe(429);
      expect(((await limited.json()) as { code: string }).code).toBe('FREQUENCY_LIMITED');
    } finally {
      await limitedSim.close();
    }
  });
});

describe('openids per app', () => {
  it("refuses another app's openid as the payer (appid和openid不匹配)", async () => {
    const other = { appid: 'wx00000000000other', secret: 'other-secret' };
    const twoApps = await startSim({ apps: [...testKeys().apps, other] });
    try {
      const stranger = await twoApps.post<{ openid: string }>('/sim/users', { appid: other.appid });
      const res = await prepay(twoApps, orderBody(twoApps, stranger.openid));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        code: 'PARAM_ERROR',
        message: expect.stringContaining('appid和openid不匹配'),
      });
    } finally {
      await twoApps.close();
    }
  });
});
