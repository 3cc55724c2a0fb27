import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DATABASES, type TestApp } from '../helper.js';

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

// PostgreSQL-only: PGlite has no server connection to lose.
describe.each(DATABASES.filter((flavour) => flavour === 'postgres'))('a dropped %s connection', (flavour) => {
  it('inside an open transaction fails that transaction, does not crash the process, and the next query works', async () => {
    const t = await buildTestApp(flavour);
    try {
      // A checked-out client that is between queries has no query to fail: pg emits 'error' on it.
      const transaction = t.app.db
        .transaction()
        .execute(async (trx) => {
          await sql`select set_config('application_name', 'doomed', false)`.execute(trx);
          await new Promise((r) => setTimeout(r, 1500));
          await sql`select 1`.execute(trx);
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      await new Promise((r) => setTimeout(r, 500));
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const { rows } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'doomed'`,
      );
      await admin.end();
      expect(rows).toHaveLength(1);
      expect(await transaction).toBeInstanceOf(Error);
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.json()).toEqual({ status: 'ok', database: 'postgres' });
    } finally {
      await t.close();
    }
  });
});
