import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DATABASES, type TestApp } from './helper.js';

describe.each(DATABASES)('health on %s', (flavour) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(flavour);
  });
  afterAll(() => t.close());

  it('GET /healthz answers ok', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz checks the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: flavour });
  });

  it('an unknown route answers a JSON 404 naming it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('Route GET /nope not found');
  });
});

describe('readiness when the database is gone', () => {
  it('GET /readyz answers 503', async () => {
    const t = await buildTestApp('pglite');
    await t.app.db.destroy();
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().status).toBe('unavailable');
    await t.app.close().catch(() => {});
  });
});
