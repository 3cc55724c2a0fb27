// One shop for the whole security run: the real BFF app (in this process, listening, so the emulator
// can call /pay/notify) on a fresh database (PostgreSQL when DATABASE_URL is set, else in-memory PGlite),
// the emulator, every log line the BFF writes, and every secret the run handles, for the final scan.

import { Writable } from 'node:stream';
import { buildApp, REDACTED_PATHS } from '@checkout/bff';
import { loadConfig } from '@checkout/bff/config';
import type { FastifyInstance } from 'fastify';
import { ADMIN_TOKEN, bffEnv, freePort } from '../support/bff-process.js';
import { type Emulator, startEmulator } from '../support/emulator.js';
import { freshDatabase } from '../support/postgres.js';

export interface World {
  app: FastifyInstance;
  url: string;
  emulator: Emulator;
  /** Every line the BFF logged, at debug level (stricter than production's info). */
  logLines: string[];
  /** Values that must never appear in a log line, with what each one is. */
  secrets: Map<string, string>;
  remember(kind: string, value: string | undefined): void;
  /** How many push events, orders (optionally of one status) and notice attempts the back office sees. */
  count(what: 'events' | 'orders' | 'paid orders' | 'notice attempts'): Promise<number>;
  close(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const secrets = new Map<string, string>();
  const remember = (kind: string, value: string | undefined) => {
    if (value && value.length >= 8) secrets.set(value, kind);
  };
  const emulator = await startEmulator({}, (payload) => {
    for (const [, field, value] of payload.matchAll(/"(session_key|access_token|openid)":"([^"]+)"/g)) {
      remember(field!, value);
    }
  });
  const database = process.env.DATABASE_URL ? await freshDatabase('security') : undefined;
  const port = await freePort();
  const env = bffEnv(emulator, port, database?.url ?? 'postgres://unused', {
    LOG_LEVEL: 'debug',
    // In process: the suite's own synchronous work (keys, fuzz generation) shares the app's event loop and
    // would read as server pressure on a busy machine, answering 503 to everything after it.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
  });
  if (!database) delete (env as Record<string, string | undefined>).DATABASE_URL;
  const config = loadConfig(env);
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildApp({
    config,
    database: database ? { url: database.url, poolSize: 5 } : { memory: true },
    // The production logger settings (same redaction), written into our buffer instead of stdout.
    logger: { level: 'debug', stream: sink, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    rateLimits: { loginPerMinute: 10_000, ordersPerMinute: 10_000 },
  });
  await app.listen({ port, host: '127.0.0.1' });

  const keys = emulator.keys;
  remember('APIv3 key', keys.apiV3Key);
  remember('AppSecret', keys.apps[0]!.secret);
  remember('push token', emulator.push.token);
  remember('push EncodingAESKey', emulator.push.encodingAESKey);
  remember('admin token', ADMIN_TOKEN);
  remember('session secret', config.sessionSecret);
  for (const [kind, pem] of [
    ['merchant private key', keys.merchant.privateKey],
    ['platform private key', keys.platform.privateKey],
  ] as const) {
    for (const line of pem.split('\n'))
      if (!line.startsWith('-----') && line.length >= 32) remember(kind, line);
  }

  return {
    app,
    url: `http://127.0.0.1:${port}`,
    emulator,
    logLines,
    secrets,
    remember,
    async count(what) {
      const url = {
        events: '/admin/events?limit=1',
        orders: '/admin/orders?limit=1',
        'paid orders': '/admin/orders?limit=1&status=paid',
        'notice attempts': '/admin/notices?limit=1',
      }[what];
      const res = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
      return (res.json() as { total: number }).total;
    },
    async close() {
      await app.close();
      await emulator.close();
      await database?.drop();
    },
  };
}
