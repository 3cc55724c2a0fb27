import { performance } from 'node:perf_hooks';

/** Runs `fn` in batches for about `ms` milliseconds and returns operations per second. */
export function opsPerSecond(fn: () => unknown, ms: number): number {
  let ops = 0;
  let batch = 64;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    elapsed = performance.now() - start;
    if (elapsed < ms / 10) batch *= 2;
  }
  return (ops * 1000) / elapsed;
}

/** Interleaves the candidates over several rounds (so drift hits all alike) and keeps each one's median. */
export function compare(
  candidates: Record<string, () => unknown>,
  rounds = 5,
  ms = 400,
): Record<string, number> {
  for (const fn of Object.values(candidates)) opsPerSecond(fn, 150); // warm-up: JIT and caches
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(candidates).map((name) => [name, []]),
  );
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(candidates)) samples[name]?.push(opsPerSecond(fn, ms));
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return [name, sorted[Math.floor(sorted.length / 2)] ?? 0];
    }),
  );
}

export const format = (n: number) => Math.round(n).toLocaleString('en-US');
