// Builds the real app for tests: in-memory PGlite always, and a fresh PostgreSQL database per app
// when DATABASE_URL is set (as CI does), so every integration test runs on both.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { type BuildAppOptions, buildApp } from '../src/build-app.js';
import { type Config, loadConfig } from '../src/config.js';
import type { DatabaseTarget } from '../src/db/connect.js';

export type DatabaseFlavour = 'pglite' | 'postgres';

/** The databases to run integration tests on: PGlite, plus PostgreSQL when DATABASE_URL is set. */
export const DATABASES: DatabaseFlavour[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

const keys = (() => {
  const pem = { type: 'pkcs8', format: 'pem' } as const;
  const spki = { type: 'spki', format: 'pem' } as const;
  const merchant = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: pem,
    publicKeyEncoding: spki,
  });
  const platform = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: pem,
    publicKeyEncoding: spki,
  });
  return { merchant, platform };
})();

/** A complete, valid environment; tests override what they exercise. */
export function testEnv(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    ADMIN_TOKEN: 'test-admin-token-0123456789',
    SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
    // Another app's start-up in the same process (PGlite migrations, the emulator) blocks the event loop
    // for seconds on a busy machine; load shedding would answer 503. Its own test turns it on.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    WECHAT_APPID: 'wxtest0000000001',
    WECHAT_SECRET: 'test-secret',
    WECHATPAY_MCHID: '1900000001',
    WECHATPAY_SERIAL: 'MERCHANTSERIAL01',
    WECHATPAY_PRIVATE_KEY: keys.merchant.privateKey,
    WECHATPAY_APIV3_KEY: 'abcdefghijklmnopqrstuvwxyz012345',
    WECHATPAY_PLATFORM_PUBLIC_KEY: keys.platform.publicKey,
    WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0000000000000001',
    NOTIFY_BASE_URL: 'http://127.0.0.1:3000',
    ...overrides,
  };
}

export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig(testEnv(overrides));
}

let pgliteTemplate: Promise<Blob | File> | undefined;

/** One initdb per test process; every in-memory PGlite after that loads this dump. */
function emptyPgliteDump(): Promise<Blob | File> {
  pgliteTemplate ??= (async () => {
    const pglite = new PGlite();
    const dump = await pglite.dumpDataDir('none');
    await pglite.close();
    return dump;
  })();
  return pgliteTemplate;
}

/** A fresh, empty database of the given flavour, and how to drop it. */
export async function freshDatabase(
  flavour: DatabaseFlavour,
): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (flavour === 'pglite') {
    return { target: { memory: true, memoryTemplate: await emptyPgliteDump() }, drop: async () => {} };
  }
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('DATABASE_URL is required for the postgres flavour');
  const name = `bff_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    target: { url: url.toString(), poolSize: 5 },
    drop: () => adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface TestApp {
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The real app on a fresh database; close() also drops the database. */
export async function buildTestApp(
  flavour: DatabaseFlavour = 'pglite',
  options: Partial<BuildAppOptions> & { env?: Record<string, string | undefined> } = {},
): Promise<TestApp> {
  const { env, config, logger, database: shared, ...rest } = options;
  // A given database is shared with another app (two instances); the caller drops it.
  const database = shared ? { target: shared, drop: async () => {} } : await freshDatabase(flavour);
  const app = await buildApp({
    ...rest,
    config: config ?? testConfig(env),
    database: database.target,
    logger: logger ?? false,
  });
  return {
    app,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
