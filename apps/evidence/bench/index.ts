// The performance evidence in one run: `node scripts/pnpm.mjs --filter @checkout/evidence bench [section...]`.
// Sections: push (the BFF's own push-route benchmark), scaling (1 vs 3 BFF processes + RSS), notice
// (payment notification -> emulator inbox latency), orders (order creation vs the bare RSA signing
// ceiling), weapp (main package size). Each prints its figure last, with the command that reproduces it.
// These are measurements, not tests: they print figures and goals, they do not fail on a slow machine.

import { spawnSync } from 'node:child_process';
import { availableParallelism, totalmem } from 'node:os';
import { section as noticeSection } from './notice-latency.js';
import { section as ordersSection } from './order-creation.js';
import { section as pushSection } from './push-route.js';
import { section as scalingSection } from './scaling.js';
import { section as weappSection } from './weapp-size.js';

const SECTIONS: Record<string, () => Promise<void>> = {
  push: pushSection,
  scaling: scalingSection,
  notice: noticeSection,
  orders: ordersSection,
  weapp: weappSection,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = wanted.filter((name) => !(name in SECTIONS));
  if (unknown.length)
    throw new Error(`unknown section(s) ${unknown.join(', ')}; use ${Object.keys(SECTIONS).join(', ')}`);
  const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    `machine: ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ` +
      `load average ${load || 'n/a'}; database ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite (set DATABASE_URL for PostgreSQL)'}`,
  );
  for (const name of wanted.length ? wanted : Object.keys(SECTIONS)) {
    console.log(`\n=== ${name} ===`);
    await SECTIONS[name]!();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
