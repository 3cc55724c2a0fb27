import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../src/server-options.js';
import { type Emulator, openShop, settledInbox, startEmulator } from '../support/shop.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe('abuse limits, secrets in logs, API document', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  let shop: Awaited<ReturnType<typeof openShop>>;
  beforeAll(async () => {
    shop = await openShop(emulator, 'pglite', {
      rateLimits: { loginPerMinute: 3, ordersPerMinute: 2 },
      logger: { level: 'debug', stream: sink, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    });
  });
  afterAll(() => shop.close());

  it('logs never carry the openid, session token, access token or keys', async () => {
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    await emulator.post('/sim/faults', { endpoint: 'template_send', errcode: -1, count: 1 });
    await shop.pay(payment);
    await settledInbox(emulator, shopper.openid, 1);
    await shop.app.inject({ method: 'GET', url: `/orders/${order.sn}`, headers: shopper.headers });
    const text = lines.join('');
    expect(text).toContain('notice will be retried');
    expect(text).not.toContain(shopper.headers.authorization.slice(7));
    expect(text).not.toContain(shopper.openid);
    const accessToken = await shop.app.db
      .selectFrom('wechat_tokens')
      .select('token')
      .executeTakeFirstOrThrow();
    expect(text).not.toContain(accessToken.token);
    expect(text).not.toContain(emulator.env.WECHATPAY_APIV3_KEY);
    expect(text).not.toContain(emulator.env.WECHAT_SECRET);
  });

  it('login and order creation are rate limited (429 naming the limit)', async () => {
    const first = await shop.login(); // the second of three logins allowed
    const orders = [];
    for (let i = 0; i < 3; i++) {
      orders.push(
        await shop.app.inject({
          method: 'POST',
          url: '/orders',
          headers: first.headers,
          payload: { items: [{ sku: 'sample-1fen', quantity: 1 }] },
        }),
      );
    }
    expect(orders.map((r) => r.statusCode)).toEqual([200, 200, 429]);
    expect(orders[2]!.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // Another shopper has their own allowance.
    const second = await shop.login();
    const theirs = await shop.app.inject({
      method: 'POST',
      url: '/orders',
      headers: second.headers,
      payload: { items: [{ sku: 'sample-1fen', quantity: 1 }] },
    });
    expect(theirs.statusCode).toBe(200);
    const login = await shop.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { code: 'whatever' },
    });
    expect(login.statusCode).toBe(429);
    expect(login.json().message).toMatch(/rate limit/i);
  });

  it('the OpenAPI document describes the shopper, payment and admin routes', async () => {
    const res = await shop.app.inject({ method: 'GET', url: '/docs/json' });
    const doc = res.json() as { paths: Record<string, unknown> };
    for (const path of [
      '/auth/login',
      '/catalog/',
      '/orders/',
      '/orders/{sn}',
      '/orders/{sn}/payment',
      '/pay/notify',
      '/wx/sendTemplatePaySuccess',
      '/formids/',
      '/subscriptions/',
      '/admin/orders/',
      '/admin/orders/{sn}/ship',
      '/admin/notices/',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });
});
