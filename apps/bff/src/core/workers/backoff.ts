// The one retry schedule of the background workers (notice outbox, trigger runs): exponential,
// capped, with jitter so instances that failed together do not retry in lockstep.

export interface Backoff {
  /** Delay before the first retry. */
  baseMs: number;
  /** The delay never grows past this (before jitter). */
  maxMs: number;
  /** Up to this fraction of the delay is added at random (default 0.1). */
  jitter?: number;
}

/** Delay before retry `n` (1-based): min(base x 2^(n-1), max), plus jitter. */
export function retryDelayMs(backoff: Backoff, retry: number, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential * (1 + random() * (backoff.jitter ?? 0.1)));
}
