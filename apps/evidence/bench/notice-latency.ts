// Notice latency: from the payment notification (the emulator's cashier confirms and notifies the BFF)
// to the payment-success message in the emulator's inbox, one order at a time, production timings.

import { login, order, pay, type Shopper } from '../test/support/shopper.js';
import { percentile, waitFor } from '../test/support/wait.js';
import { openBenchWorld } from './bench-world.js';

const ORDERS = Number(process.env.BENCH_NOTICES ?? 100);

export async function section(): Promise<void> {
  const world = await openBenchWorld(1);
  try {
    const bff = world.instances[0]!;
    const latencies: number[] = [];
    let shopper: Shopper | undefined;
    for (let i = 0; i < ORDERS; i++) {
      if (i % 10 === 0) shopper = await login(world.emulator, bff.url); // 20 orders a minute per shopper
      const created = await order(bff.url, shopper!);
      const before = (await world.emulator.inbox(shopper!.openid)).length;
      const started = performance.now();
      await pay(world.emulator, created.payment);
      await waitFor(
        async () => ((await world.emulator.inbox(shopper!.openid)).length > before ? true : undefined),
        `the notice of ${created.order.sn}`,
        30_000,
        2,
      );
      latencies.push(performance.now() - started);
    }
    console.log(`notices: ${ORDERS} orders paid one after another (inbox polled every 2 ms)`);
    console.log(
      `notice latency, payment notification -> inbox: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
    );
    console.log(
      `reproduce: ${process.env.DATABASE_URL ? 'DATABASE_URL=<postgres url> ' : ''}node scripts/pnpm.mjs --filter @checkout/evidence bench notice`,
    );
  } finally {
    await world.close();
  }
}
