import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildTestApp, type TestApp, testEnv } from '../helper.js';

// Logins fail fast (nothing listens on port 9) but still spend the caller's per-address budget.
const NO_WECHAT = { WECHAT_API_BASE: 'http://127.0.0.1:9' };

async function loginFrom(shop: TestApp, forwardedFor: string): Promise<number> {
  const res = await shop.app.inject({
    method: 'POST',
    url: '/auth/login',
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { code: 'any-code' },
  });
  return res.statusCode;
}

describe('TRUST_PROXY unset (the default)', () => {
  let shop: TestApp;
  beforeAll(async () => {
    shop = await buildTestApp('pglite', { env: NO_WECHAT, rateLimits: { loginPerMinute: 2 } });
  });
  afterAll(() => shop.close());

  it('a spoofed X-Forwarded-For does not buy a fresh login budget', async () => {
    const statuses = [];
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) statuses.push(await loginFrom(shop, address));
    expect(statuses[0]).not.toBe(429);
    expect(statuses[1]).not.toBe(429);
    expect(statuses[2]).toBe(429);
  });
});

describe('TRUST_PROXY naming the load balancer', () => {
  let shop: TestApp;
  beforeAll(async () => {
    shop = await buildTestApp('pglite', {
      env: { ...NO_WECHAT, TRUST_PROXY: '127.0.0.1' },
      rateLimits: { loginPerMinute: 1 },
    });
  });
  afterAll(() => shop.close());

  it('gives each forwarded client address its own budget', async () => {
    expect(await loginFrom(shop, '10.0.0.1')).not.toBe(429);
    expect(await loginFrom(shop, '10.0.0.1')).toBe(429);
    expect(await loginFrom(shop, '10.0.0.2')).not.toBe(429);
  });
});

describe('TRUST_PROXY values', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['2', 2],
    ['10.0.0.0/8, 127.0.0.1,loopback', ['10.0.0.0/8', '127.0.0.1', 'loopback']],
    ['::1/128', ['::1/128']],
  ])('TRUST_PROXY=%s reads as %o', (value, expected) => {
    expect(loadConfig(testEnv({ TRUST_PROXY: value })).trustProxy).toEqual(expected);
  });

  it.each(['yes', '10.0.0.0/999', 'proxy.example', '0'])('TRUST_PROXY=%s is refused', (value) => {
    expect(() => loadConfig(testEnv({ TRUST_PROXY: value }))).toThrow(/TRUST_PROXY/);
  });
});
