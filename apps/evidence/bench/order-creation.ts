// Order creation (price, store, Pay v3 JSAPI prepay against the emulator, signed requestPayment
// parameters) against the ceiling of bare RSA-2048 SHA-256 signing on this machine, one core.

import { generateKeyPairSync, sign } from 'node:crypto';
import { login, type Shopper } from '../test/support/shopper.js';
import { percentile } from '../test/support/wait.js';
import { openBenchWorld } from './bench-world.js';
import { closedLoop } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 8;

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

export async function section(): Promise<void> {
  const ceiling = rsaSignsPerSecond(2000);
  const world = await openBenchWorld(1);
  try {
    const bff = world.instances[0]!;
    // 20 orders a minute per shopper (the BFF's limit): enough shoppers for the whole run.
    const shoppers: Shopper[] = [];
    for (let i = 0; i < 150; i++) shoppers.push(await login(world.emulator, bff.url));
    let next = 0;
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
    console.log(`bare RSA-2048 SHA-256 signing, one core: ${ceiling.toFixed(0)} signs/s`);
    console.log(
      `POST /orders (${CONCURRENCY} connections): ${result.perSecond.toFixed(0)} orders/s, p50 ${percentile(result.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(result.latenciesMs, 99).toFixed(1)} ms, failed ${JSON.stringify(Object.fromEntries(Object.entries(result.statuses).filter(([s]) => s !== '200')))}`,
    );
    console.log(
      'each order costs 2 RSA signs in the BFF (prepay Authorization, paySign) + 1 verify, and 1 sign + 1 verify in the emulator on the same cores',
    );
    console.log(
      `order creation / bare RSA signing: ${((result.perSecond / ceiling) * 100).toFixed(1)}% (${result.perSecond.toFixed(0)} orders/s vs ${ceiling.toFixed(0)} signs/s; 2 signs per order put the BFF-only ceiling at 50%)`,
    );
    console.log(
      `reproduce: ${process.env.DATABASE_URL ? 'DATABASE_URL=<postgres url> ' : ''}node scripts/pnpm.mjs --filter @checkout/evidence bench orders`,
    );
  } finally {
    await world.close();
  }
}
