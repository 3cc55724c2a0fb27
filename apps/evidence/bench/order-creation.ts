// Order creation (price, store, Pay v3 JSAPI prepay against the emulator, signed requestPayment
// parameters) against the ceiling of bare RSA-2048 SHA-256 signing on this machine, one core, with the
// CPU each order costs in the BFF, in this process (the emulator and the load generator) and in PostgreSQL.

import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { login, type Shopper } from '../test/support/shopper.js';
import { percentile } from '../test/support/wait.js';
import { openBenchWorld } from './bench-world.js';
import { closedLoop } from './load.js';
import { cpuSplit } from './process-cpu.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 8;
/** The BFF allows 20 orders a minute per shopper: enough shoppers for 1,000 orders/s over the run. */
const SHOPPERS = Math.ceil((1000 * SECONDS) / 20);
/** BENCH_BFF_CPU_PROFILE=<folder>: the BFF runs with `--cpu-prof` and writes its profile there on exit. */
const PROFILE_DIR = process.env.BENCH_BFF_CPU_PROFILE;

function rsaSignsPerSecond(durationMs: number): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const message = Buffer.from(
    'wx0000000000demo\n1700000000\nNONCE0123456789\nprepay_id=wx201410272009395522657a690389285100\n',
  );
  const end = performance.now() + durationMs;
  let n = 0;
  const started = performance.now();
  while (performance.now() < end) {
    sign('sha256', message, privateKey);
    n++;
  }
  return (n / (performance.now() - started)) * 1000;
}

async function loginAll(login1: () => Promise<Shopper>, count: number): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  while (shoppers.length < count) {
    shoppers.push(
      ...(await Promise.all(Array.from({ length: Math.min(8, count - shoppers.length) }, login1))),
    );
  }
  return shoppers;
}

const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

export async function section(): Promise<void> {
  const ceiling = rsaSignsPerSecond(2000);
  const signMs = 1000 / ceiling;
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const world = await openBenchWorld(
    1,
    {},
    PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
  );
  try {
    const bff = world.instances[0]!;
    const shoppers = await loginAll(() => login(world.emulator, bff.url), SHOPPERS);
    let next = 0;
    const cpu = cpuSplit(bff.child.pid, world.databaseName);
    const result = await closedLoop(
      [bff],
      () => {
        const shopper = shoppers[next++ % shoppers.length]!;
        return {
          path: '/orders',
          body: JSON.stringify({ items: [{ sku: 'drip-bags-10', quantity: 1 }] }),
          headers: { 'content-type': 'application/json', authorization: shopper.headers.authorization },
        };
      },
      { concurrency: CONCURRENCY, durationMs: SECONDS * 1000 },
    );
    const spent = cpu.stop();
    const orders = Math.max(result.ok, 1);
    const perOrder = (ms: number) => ms / orders;
    const bffMs = perOrder(spent.bffMs);
    const p99 = percentile(result.latenciesMs, 99);
    const endToEnd = result.perSecond / ceiling;
    const bffBound = 1000 / bffMs / ceiling;
    const failed = Object.fromEntries(Object.entries(result.statuses).filter(([s]) => s !== '200'));

    console.log(
      `bare RSA-2048 SHA-256 signing, one core: ${ceiling.toFixed(0)} signs/s (${signMs.toFixed(2)} ms a sign)`,
    );
    console.log(
      `CPU per order: BFF ${bffMs.toFixed(2)} ms (${perOrder(spent.bffSystemMs).toFixed(2)} ms of it in the kernel; ` +
        `its 2 signs alone are ${(2 * signMs).toFixed(2)} ms), ` +
        `emulator + load generator ${perOrder(spent.benchProcessMs).toFixed(2)} ms, ` +
        `PostgreSQL ${perOrder(spent.postgresOwnMs).toFixed(2)} ms (this run's backends; ` +
        `${perOrder(spent.postgresSharedMs).toFixed(2)} ms in other postgres processes, WAL writer and other users included)`,
    );
    console.log(
      `POST /orders (${CONCURRENCY} connections): ${result.perSecond.toFixed(0)} orders/s, p50 ${percentile(result.latenciesMs, 50).toFixed(1)} ms, ` +
        `p99 ${p99.toFixed(1)} ms, failed ${JSON.stringify(failed)}`,
    );
    // A failed order is logged by the BFF at level error (50): show the first, so a failure is explained.
    const firstError = bff
      .output()
      .split('\n')
      .find((line) => line.includes('"level":50'));
    if (firstError) console.log(`first error the BFF logged: ${firstError.slice(0, 600)}`);
    console.log(
      `BFF CPU-bound orders/s (one core running only the BFF): ${(1000 / bffMs).toFixed(0)} orders/s = ` +
        `${(bffBound * 100).toFixed(1)}% of bare signing (2 signs an order cap it at 50%)`,
    );
    console.log(
      `order creation / bare RSA signing: ${(endToEnd * 100).toFixed(1)}% end to end (goal >= 25%: ${verdict(endToEnd >= 0.25)}); ` +
        `p99 ${p99.toFixed(1)} ms (goal < 50 ms: ${verdict(p99 < 50)})`,
    );
    console.log(
      `reproduce: ${process.env.DATABASE_URL ? 'DATABASE_URL=<postgres url> ' : ''}node scripts/pnpm.mjs --filter @checkout/evidence bench orders` +
        '   (BENCH_BFF_CPU_PROFILE=<folder> writes a CPU profile of the BFF)',
    );
  } finally {
    await world.close();
  }
}
