// The push route against a bare Fastify route: the BFF's own benchmark (apps/bff/bench/push.ts, in one
// process, load from a worker thread), run as it is and its figures repeated here.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export async function section(): Promise<void> {
  const bffDir = dirname(dirname(createRequire(import.meta.url).resolve('@checkout/bff')));
  const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const run = spawnSync(process.execPath, [tsx, 'bench/push.ts'], {
    cwd: bffDir,
    encoding: 'utf8',
    env: { ...process.env, BENCH_SECONDS: process.env.BENCH_SECONDS ?? '5' },
  });
  if (run.status !== 0) throw new Error(`apps/bff/bench/push.ts failed: ${run.stderr || run.stdout}`);
  const lines = run.stdout.trim().split('\n');
  for (const line of lines) if (line.trim() && !line.startsWith('reproduce')) console.log(line);
  const figure = (prefix: string) => lines.find((l) => l.startsWith(prefix)) ?? `${prefix}: n/a`;
  console.log(`push route alone: ${figure('push / bare throughput')}; ${figure('push p99')}`);
  console.log(
    `with the trigger worker: ${figure('push + trigger worker / bare throughput')}; ${figure('push + trigger worker p99')}`,
  );
  console.log(
    `reproduce: ${process.env.DATABASE_URL ? 'DATABASE_URL=<postgres url> ' : ''}node scripts/pnpm.mjs --filter @checkout/evidence bench push   (or: --filter @checkout/bff bench)`,
  );
}
