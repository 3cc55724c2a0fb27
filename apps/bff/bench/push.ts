// Benchmark: POST /wx/push/:appid (safe mode, XML, every request a distinct user_consume_card event,
// stored with its trigger run in PostgreSQL when DATABASE_URL is set, else in-memory PGlite) against a
// bare Fastify route that answers `success`, on the same machine in one run. Load comes from a worker
// thread. Prints throughput, the ratio (goal >= 25%), p99 at a fixed 500 req/s (goal < 20 ms), RSS.
//
//   pnpm --filter @checkout/bff bench                 # PGlite
//   DATABASE_URL=postgres://... pnpm --filter @checkout/bff bench
//   BENCH_SECONDS=10 BENCH_CONCURRENCY=32 ...         # longer phases, more connections
//   BENCH_WORKER=0 ...                                # route only: no trigger worker competing for the database

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { PushCrypto } from '@checkout/wechat';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { freshDatabase, testConfig } from '../test/helper.js';
import { LOAD_WORKER_SOURCE, type LoadJob, type LoadRequest, type LoadResult } from './load-worker.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const FIXED_RATE = 500;
const APP = { appid: 'wxbench000000001', token: 'benchToken42', encodingAESKey: 'B'.repeat(43) };

function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER_SOURCE, { eval: true, workerData: job });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

let serial = 0;
/** Distinct safe-mode requests: a fresh UserCardCode and nonce each, signed like WeChat. */
function pushRequests(count: number): LoadRequest[] {
  const crypto = new PushCrypto(APP);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const run = randomBytes(3).toString('hex');
  return Array.from({ length: count }, () => {
    serial++;
    const message =
      '<xml><ToUserName><![CDATA[gh_bench0000001]]></ToUserName>' +
      `<FromUserName><![CDATA[oBenchShopper${String(serial % 997).padStart(14, '0')}]]></FromUserName>` +
      `<CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
      '<Event><![CDATA[user_consume_card]]></Event><CardId><![CDATA[pBenchCard000000000000000001]]></CardId>' +
      `<UserCardCode><![CDATA[${run}${String(serial).padStart(10, '0')}]]></UserCardCode>` +
      '<ConsumeSource><![CDATA[FROM_API]]></ConsumeSource></xml>';
    const nonce = String(serial);
    const encrypt = crypto.encrypt(message);
    const query = new URLSearchParams({
      signature: crypto.signature(timestamp, nonce),
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: crypto.signature(timestamp, nonce, encrypt),
    });
    return {
      path: `/wx/push/${APP.appid}?${query}`,
      body: `<xml><ToUserName><![CDATA[gh_bench0000001]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
      contentType: 'text/xml',
    };
  });
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

async function bareServer(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post('/wx/push/:appid', async (_request, reply) => reply.type('text/plain').send('success'));
  return app;
}

function describe(label: string, result: LoadResult): string {
  const rps = (result.completed / result.elapsedMs) * 1000;
  const bad = Object.entries(result.statuses).filter(([s]) => s !== '200');
  return (
    `${label.padEnd(34)} ${rps.toFixed(0).padStart(7)} req/s  p50 ${percentile(result.latenciesMs, 50).toFixed(2)} ms` +
    `  p99 ${percentile(result.latenciesMs, 99).toFixed(2)} ms  ok ${result.completed}` +
    (bad.length ? `  FAILED ${JSON.stringify(Object.fromEntries(bad))}` : '') +
    (result.reusedRequests ? '  (requests reused: some were duplicates)' : '')
  );
}

async function main(): Promise<void> {
  const flavour = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const database = await freshDatabase(flavour);
  const target = flavour === 'postgres' ? { ...database.target, poolSize: 10 } : database.target;
  const push = await buildApp({
    config: testConfig({ WECHAT_PUSH_APPS: JSON.stringify([APP]), LOG_LEVEL: 'silent' }),
    database: target,
    logger: false,
    push: { runWorker: process.env.BENCH_WORKER !== '0' },
  });
  const bare = await bareServer();
  const [pushPort, barePort] = [await listen(push), await listen(bare)];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);

  const budget = Math.ceil(SECONDS * 6000); // distinct requests: comfortably above the rates seen
  console.log(`preparing ${budget + FIXED_RATE * SECONDS + 2000} signed, encrypted pushes ...`);
  const warm = pushRequests(2000);
  const closedLoop = pushRequests(budget);
  const fixed = pushRequests(FIXED_RATE * SECONDS);

  await runLoad({ port: pushPort, requests: warm, durationMs: 1000, concurrency: 8 });
  await runLoad({ port: barePort, requests: warm, durationMs: 1000, concurrency: 8 });

  const bareMax = await runLoad({
    port: barePort,
    requests: closedLoop,
    durationMs: SECONDS * 1000,
    concurrency: CONCURRENCY,
  });
  const pushMax = await runLoad({
    port: pushPort,
    requests: closedLoop,
    durationMs: SECONDS * 1000,
    concurrency: CONCURRENCY,
  });
  const bareFixed = await runLoad({
    port: barePort,
    requests: fixed,
    durationMs: SECONDS * 1000,
    rate: FIXED_RATE,
  });
  const pushFixed = await runLoad({
    port: pushPort,
    requests: fixed,
    durationMs: SECONDS * 1000,
    rate: FIXED_RATE,
  });
  clearInterval(sampler);
  const stored = await push.db
    .selectFrom('push_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  await push.close();
  await bare.close();
  await database.drop();

  const rps = (r: LoadResult) => (r.completed / r.elapsedMs) * 1000;
  const ratio = rps(pushMax) / rps(bareMax);
  const p99 = percentile(pushFixed.latenciesMs, 99);
  console.log('');
  console.log(
    `database: ${flavour === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory'}; ${SECONDS} s per phase; ${CONCURRENCY} connections; node ${process.version}`,
  );
  console.log(describe('bare Fastify `success`, max', bareMax));
  console.log(describe('POST /wx/push/:appid safe XML, max', pushMax));
  console.log(describe(`bare Fastify at ${FIXED_RATE} req/s`, bareFixed));
  console.log(describe(`POST /wx/push/:appid at ${FIXED_RATE} req/s`, pushFixed));
  console.log(`events stored: ${Number(stored.n)}`);
  console.log('');
  console.log(
    `push / bare throughput: ${(ratio * 100).toFixed(1)}%  (goal >= 25%) ${ratio >= 0.25 ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    `push p99 at ${FIXED_RATE} req/s: ${p99.toFixed(2)} ms  (goal < 20 ms) ${p99 < 20 ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    `RSS: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB now, ${(peakRss / 2 ** 20).toFixed(0)} MB peak (servers + load thread)`,
  );
  console.log(
    `reproduce: cd apps/bff && ${process.env.DATABASE_URL ? 'DATABASE_URL=<postgres url> ' : ''}pnpm bench   (BENCH_SECONDS=${SECONDS} BENCH_CONCURRENCY=${CONCURRENCY})`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
