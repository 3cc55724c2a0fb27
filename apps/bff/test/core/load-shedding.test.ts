import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helper.js';

describe('load shedding over the configured heap limit', () => {
  let shop: TestApp;
  beforeAll(async () => {
    // Any process uses more than 1 MB of heap: from the first sample on, the app is over its limit.
    shop = await buildTestApp('pglite', { env: { PRESSURE_MAX_HEAP_MB: '1', PRESSURE_RETRY_AFTER_S: '7' } });
  });
  afterAll(() => shop.close());

  async function firstShedAnswer() {
    for (let i = 0; i < 50; i++) {
      const res = await shop.app.inject('/catalog');
      if (res.statusCode === 503) return res;
      await sleep(100); // under-pressure samples once a second
    }
    throw new Error('never shed load');
  }

  it('answers 503 with Retry-After at once instead of slowly', async () => {
    const res = await firstShedAnswer();
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Service Unavailable',
    });
  });

  it('keeps liveness answering and reports not ready', async () => {
    await firstShedAnswer();
    expect((await shop.app.inject('/healthz')).statusCode).toBe(200);
    const ready = await shop.app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('7');
  });
});

describe('load shedding within the limits (the defaults)', () => {
  let shop: TestApp;
  beforeAll(async () => {
    shop = await buildTestApp('pglite');
  });
  afterAll(() => shop.close());

  it('serves normally after the first samples', async () => {
    await sleep(1200);
    expect((await shop.app.inject('/catalog')).statusCode).toBe(200);
    expect((await shop.app.inject('/readyz')).json()).toEqual({ status: 'ok', database: 'pglite' });
  });
});
