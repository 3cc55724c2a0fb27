// Benchmark: POST /wx/push/:appid (safe mode, XML, every request a distinct user_consume_card event,
// stored with its trigger run in PostgreSQL when DATABASE_URL is set, else in-memory PGlite) against a
// bare Fastify route that answers `success`, on the same machine in one run. Load comes from a worker
// thread that builds its own requests. Prints throughput, the ratios (route alone: goal >= 25%; with
// the trigger worker, sustained: goal >= 40%), p99 at a fixed 500 req/s (route alone: goal < 20 ms;
// with the worker: goal < 10 ms and within 3x of the bare route's p99 in the same run), the servers'
// event-loop delay at that rate, CPU per push and how busy the machine was.
// Three phases: (1) the route alone, the trigger worker stopped so runs pile up in the database, with
// the bare route measured before and after it; (2) the worker alone, clearing that backlog; (3) the
// route with the worker running in the same process, which is how a single BFF runs in production.
// Each fixed-rate phase starts with no backlog.
//
//   pnpm --filter @checkout/bff bench                 # PGlite
//   DATABASE_URL=postgres://... pnpm --filter @checkout/bff bench
//   BENCH_SECONDS=10 BENCH_CONCURRENCY=256 ...        # longer phases, more connections (default 5 s, 128)
//   BENCH_CPU_PROFILE=push.cpuprofile ...             # CPU profile of the servers' thread, phase 3 max
//
// 128 connections: at 64 the push route's thread sat about 30% idle waiting on PostgreSQL (a CPU
// profile of the phase), so it measured the wait, not the route; the bare route is saturated at both.

import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/build-app.js';
import { freshDatabase, testConfig } from '../test/helper.js';
import { type CpuSample, cpuSince, sampleCpu } from './cpu-time.js';
import { LOAD_WORKER_SOURCE, type LoadJob, type LoadResult, type PushRequestSpec } from './load-worker.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 128);
const FIXED_RATE = 500;
const APP = { appid: 'wxbench000000001', token: 'benchToken42', encodingAESKey: 'B'.repeat(43) };
const WECHAT_URL = pathToFileURL(createRequire(import.meta.url).resolve('@checkout/wechat')).href;

/** Runs a load job on a worker thread; `onStart` is called when its requests are built and the clock starts. */
function runLoad(job: LoadJob, onStart?: () => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER_SOURCE, { eval: true, workerData: job });
    worker.on('message', (message: 'started' | LoadResult) => {
      if (message === 'started') return onStart?.();
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', reject);
  });
}

/** Runs work under the V8 CPU profiler when a file is named (open it in Chrome DevTools). */
async function profiled<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const result = await work();
  const { profile } = await session.post('Profiler.stop');
  await writeFile(file, JSON.stringify(profile));
  session.disconnect();
  console.log(`CPU profile of the BFF thread, phase 3 max: ${file}`);
  return result;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const runTag = randomBytes(3).toString('hex');
let serial = 0;
/** `count` distinct pushes, built by the load thread itself (see load-worker.ts). */
function pushes(count: number): PushRequestSpec {
  const spec = { wechatUrl: WECHAT_URL, app: APP, count, runTag, firstSerial: serial };
  serial += count;
  return spec;
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

/** The servers' event-loop delay over a run, in ms (the 5 ms sampling tick included: an idle loop reads ~5). */
interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

function describe(label: string, result: LoadResult & { serverLoopDelay?: LoopDelay }): string {
  const rps = (result.completed / result.elapsedMs) * 1000;
  const bad = Object.entries(result.statuses).filter(([s]) => s !== '200');
  const loop = result.serverLoopDelay;
  return (
    `${label.padEnd(38)} ${rps.toFixed(0).padStart(7)} req/s  p50 ${percentile(result.latenciesMs, 50).toFixed(2)} ms` +
    `  p99 ${percentile(result.latenciesMs, 99).toFixed(2)} ms  ok ${result.completed}` +
    (loop === undefined
      ? ''
      : `  max ${Math.max(...result.latenciesMs).toFixed(1)} ms (event-loop delay: servers p50 ${loop.p50.toFixed(1)} / ` +
        `p99 ${loop.p99.toFixed(1)} / max ${loop.max.toFixed(1)} ms, load max ${result.loopDelayMaxMs.toFixed(1)} ms)`) +
    (bad.length ? `  FAILED ${JSON.stringify(Object.fromEntries(bad))}` : '') +
    (result.reusedRequests ? '  (requests reused: some were duplicates)' : '')
  );
}

/** Waits until the trigger worker has no due run left; returns how many it ran and how long it took. */
async function drainTriggerRuns(app: FastifyInstance): Promise<{ runs: number; seconds: number }> {
  const pending = async () =>
    Number(
      (
        await app.db
          .selectFrom('push_trigger_runs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const runs = await pending();
  const started = performance.now();
  app.push.worker.start();
  while ((await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  return { runs, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const flavour = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const database = await freshDatabase(flavour);
  const target = flavour === 'postgres' ? { ...database.target, poolSize: 10 } : database.target;
  // The worker starts only after the route-only phases (drainTriggerRuns).
  const push = await buildApp({
    config: testConfig({ WECHAT_PUSH_APPS: JSON.stringify([APP]), LOG_LEVEL: 'silent' }),
    database: target,
    logger: false,
    push: { runWorker: false },
  });
  const bare = await bareServer();
  const [pushPort, barePort] = [await listen(push), await listen(bare)];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);

  // Distinct requests per max phase, above the rates seen; a bare run past them reuses some (it stores nothing).
  const budget = Math.ceil(SECONDS * 10_000);
  // Each measured phase starts right after a checkpoint, so a timed checkpoint never lands inside one
  // phase only, every phase pays the same full-page writes a server pays after each checkpoint, and a
  // fixed-rate phase does not wait behind the disk writing back what the max phase before it stored.
  const checkpoint = async () => {
    if (flavour === 'postgres') await sql`CHECKPOINT`.execute(push.db);
  };
  const max = async (port: number): Promise<[LoadResult, CpuSample]> => {
    await checkpoint();
    // The load thread builds its requests first; the CPU sample starts when it reports it is ready.
    let start = sampleCpu();
    const result = await runLoad(
      { port, pushes: pushes(budget), durationMs: SECONDS * 1000, concurrency: CONCURRENCY },
      () => {
        start = sampleCpu();
      },
    );
    return [result, cpuSince(start)];
  };
  // A fixed-rate run also reports the event-loop delay of the servers' thread (p50, p99, max) and the
  // worst of the load thread: a latency spike with both small happened outside Node (PostgreSQL, the
  // disk, the OS); a servers' p99 that grows with the worker means its rounds stall the route.
  const atFixedRate = async (port: number): Promise<LoadResult & { serverLoopDelay: LoopDelay }> => {
    await checkpoint();
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const result = await runLoad({
      port,
      pushes: pushes(FIXED_RATE * SECONDS),
      durationMs: SECONDS * 1000,
      rate: FIXED_RATE,
    });
    loop.disable();
    const ms = (ns: number) => ns / 1e6;
    return {
      ...result,
      serverLoopDelay: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    };
  };

  console.log(`each load run first signs and encrypts its own pushes (${budget} per max phase) ...`);
  await runLoad({ port: pushPort, pushes: pushes(2000), durationMs: 1000, concurrency: 8 });
  await runLoad({ port: barePort, pushes: pushes(2000), durationMs: 1000, concurrency: 8 });

  console.log('phase 1/3: bare route and push route alone (trigger worker stopped) ...');
  // The bare route is measured before and after the push route, and the faster run counts: machine
  // noise then lowers the ratio rather than raising it.
  const [bareBefore, bareCpu] = await max(barePort);
  const [pushMax, pushCpu] = await max(pushPort);
  const [bareAfter] = await max(barePort);
  const bareMax =
    bareAfter.completed / bareAfter.elapsedMs > bareBefore.completed / bareBefore.elapsedMs
      ? bareAfter
      : bareBefore;
  const bareFixed = await atFixedRate(barePort);
  const pushFixed = await atFixedRate(pushPort);

  console.log('phase 2/3: trigger worker alone, on the runs phase 1 stored ...');
  const backlog = await drainTriggerRuns(push);

  console.log('phase 3/3: push route with the trigger worker running in the same process ...');
  const [withWorkerMax, withWorkerCpu] = await profiled(process.env.BENCH_CPU_PROFILE, () => max(pushPort));
  const catchUp = await drainTriggerRuns(push); // the next phase starts without a backlog
  const withWorkerFixed = await atFixedRate(pushPort);
  await drainTriggerRuns(push);
  clearInterval(sampler);
  const count = async (table: 'push_events' | 'push_card_redemptions') =>
    Number(
      (
        await push.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const [events, redemptions] = [await count('push_events'), await count('push_card_redemptions')];

  await push.close();
  await bare.close();
  await database.drop();

  const rps = (r: LoadResult) => (r.completed / r.elapsedMs) * 1000;
  // Every event here has exactly one trigger run, so events whose run was still pending at the end of
  // the phase were stored but not yet handled: the sustained rate leaves them out.
  const sustained = { ...withWorkerMax, completed: withWorkerMax.completed - catchUp.runs };
  const cpuPerPush = (cpu: CpuSample, result: LoadResult) =>
    `BFF thread ${((cpu.mainThreadMs * 1000) / result.completed).toFixed(0)} µs, ` +
    `local PostgreSQL ${((cpu.postgresMs * 1000) / result.completed).toFixed(0)} µs`;
  const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  const bareP99 = percentile(bareFixed.latenciesMs, 99);
  console.log('');
  console.log(
    `database: ${flavour === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory'}; ${SECONDS} s per phase; ${CONCURRENCY} connections; node ${process.version}`,
  );
  console.log(describe('bare Fastify `success`, max (before)', bareBefore));
  console.log(describe('bare Fastify `success`, max (after)', bareAfter));
  console.log(describe('POST /wx/push/:appid safe XML, max', pushMax));
  console.log(describe(`bare Fastify at ${FIXED_RATE} req/s`, bareFixed));
  console.log(describe(`POST /wx/push/:appid at ${FIXED_RATE} req/s`, pushFixed));
  console.log(
    `trigger worker alone: ${backlog.runs} card redemptions in ${backlog.seconds.toFixed(2)} s = ${(backlog.runs / backlog.seconds).toFixed(0)} runs/s`,
  );
  console.log(describe('push + trigger worker, max', withWorkerMax));
  console.log(
    `  trigger runs still pending when that phase ended: ${catchUp.runs} (cleared in ${catchUp.seconds.toFixed(2)} s); ` +
      `sustained: ${rps(sustained).toFixed(0)} events stored and triggered per s`,
  );
  console.log(describe(`push + trigger worker at ${FIXED_RATE} req/s`, withWorkerFixed));
  console.log(`events stored: ${events}; card redemptions recorded: ${redemptions}`);
  console.log(`CPU per push, route alone:       ${cpuPerPush(pushCpu, pushMax)}`);
  console.log(`CPU per push, with the worker:   ${cpuPerPush(withWorkerCpu, withWorkerMax)}`);
  // Below 100% the phase was bounded by waiting (round trips, commits), not by the cores.
  const busy = (cpu: CpuSample) => `${((cpu.machineBusyMs / cpu.machineTotalMs) * 100).toFixed(0)}%`;
  console.log(
    `machine CPU busy (all ${availableParallelism()} cores, every process): bare (before) ${busy(bareCpu)}, ` +
      `push alone ${busy(pushCpu)}, push + worker ${busy(withWorkerCpu)}`,
  );
  console.log('');
  const aloneRatio = rps(pushMax) / rps(bareMax);
  const aloneP99 = percentile(pushFixed.latenciesMs, 99);
  const workerRatio = rps(sustained) / rps(bareMax);
  const workerP99 = percentile(withWorkerFixed.latenciesMs, 99);
  console.log(
    `push / bare throughput: ${(aloneRatio * 100).toFixed(1)}%  (goal >= 25%) ${met(aloneRatio >= 0.25)}`,
  );
  console.log(
    `push p99 at ${FIXED_RATE} req/s: ${aloneP99.toFixed(2)} ms  (goal < 20 ms) ${met(aloneP99 < 20)}`,
  );
  console.log(
    `push + trigger worker / bare throughput: ${(workerRatio * 100).toFixed(1)}% sustained  (goal >= 40%) ${met(workerRatio >= 0.4)}`,
  );
  console.log(
    `push + trigger worker p99 at ${FIXED_RATE} req/s: ${workerP99.toFixed(2)} ms = ${(workerP99 / bareP99).toFixed(1)}x bare ` +
      `(${bareP99.toFixed(2)} ms)  (goal < 10 ms and within 3x of bare) ${met(workerP99 < 10 && workerP99 <= 3 * bareP99)}`,
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
