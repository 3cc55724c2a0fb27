import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/core/workers/backoff.js';

const backoff = { baseMs: 1000, maxMs: 10_000 };
const noJitter = () => 0;
const fullJitter = () => 1;

describe('the workers’ retry schedule', () => {
  it('doubles from the base delay with each retry', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(backoff, n, noJitter))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('stops growing at the maximum', () => {
    expect(retryDelayMs(backoff, 5, noJitter)).toBe(10_000);
    expect(retryDelayMs(backoff, 60, noJitter)).toBe(10_000);
  });

  it('adds at most the jitter fraction, so instances that failed together spread out', () => {
    expect(retryDelayMs(backoff, 3, fullJitter)).toBe(4400);
    expect(retryDelayMs({ ...backoff, jitter: 0.5 }, 3, fullJitter)).toBe(6000);
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(backoff, 3)));
    expect(delays.size).toBeGreaterThan(1);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(4000);
  });

  it('treats retry 0 like the first retry', () => {
    expect(retryDelayMs(backoff, 0, noJitter)).toBe(1000);
  });
});
