// One BFF process vs three on one PostgreSQL, same closed-loop push load (safe-mode XML, distinct card
// events): the scaling factor, and each process's peak RSS under that load.

import { availableParallelism } from 'node:os';
import { cardEventXml, distinctCardEvents, PushSigner } from '../test/support/push-requests.js';
import { percentile } from '../test/support/wait.js';
import { openBenchWorld } from './bench-world.js';
import { closedLoop, type LoadRequest } from './load.js';
import { peakRss } from './rss.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

async function measure(
  count: number,
): Promise<{ perSecond: number; p99: number; peaks: number[]; failed: number }> {
  const world = await openBenchWorld(count);
  try {
    const signer = new PushSigner(world.emulator.push);
    // Signed ahead of time, so the load generator spends its CPU on sending only.
    const requests: LoadRequest[] = distinctCardEvents(SECONDS * 4000, `oScale${count}x`).map((event) => {
      const r = signer.safe(cardEventXml(event));
      return { path: r.path, body: r.body, headers: { 'content-type': r.contentType } };
    });
    let next = 0;
    const take = () => requests[next++ % requests.length]!;
    await closedLoop(world.instances, take, { concurrency: 8, durationMs: 1000 }); // warm-up
    const sampler = peakRss(() => world.instances.map((i) => i.child.pid));
    const result = await closedLoop(world.instances, take, {
      concurrency: CONCURRENCY,
      durationMs: SECONDS * 1000,
    });
    const peaks = sampler.stop();
    if (next > requests.length) console.log('  (requests were reused: some pushes were duplicates)');
    return {
      perSecond: result.perSecond,
      p99: percentile(result.latenciesMs, 99),
      peaks,
      failed: result.failed,
    };
  } finally {
    await world.close();
  }
}

export async function section(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    console.log('scaling: skipped, several BFF processes need PostgreSQL (set DATABASE_URL)');
    return;
  }
  const one = await measure(1);
  console.log(
    `1 process:   ${one.perSecond.toFixed(0)} req/s  p99 ${one.p99.toFixed(1)} ms  failed ${one.failed}  peak RSS ${one.peaks.map((p) => p.toFixed(0)).join(', ')} MB`,
  );
  const three = await measure(3);
  console.log(
    `3 processes: ${three.perSecond.toFixed(0)} req/s  p99 ${three.p99.toFixed(1)} ms  failed ${three.failed}  peak RSS ${three.peaks.map((p) => p.toFixed(0)).join(', ')} MB`,
  );
  const factor = three.perSecond / one.perSecond;
  const peak = Math.max(...one.peaks, ...three.peaks);
  console.log(
    `note: ${availableParallelism()} cores shared by the BFF processes, PostgreSQL and this load generator; ` +
      'more processes than cores cannot add CPU, so the factor shows overhead, not the scale-out ceiling',
  );
  console.log(
    `BFF RSS under push load: peak ${peak.toFixed(0)} MB per process (goal < 150 MB) ${peak < 150 ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    `scaling 1 -> 3 processes: x${factor.toFixed(2)} (${one.perSecond.toFixed(0)} -> ${three.perSecond.toFixed(0)} req/s)`,
  );
  console.log(
    'reproduce: DATABASE_URL=<postgres url> node scripts/pnpm.mjs --filter @checkout/evidence bench scaling',
  );
}
