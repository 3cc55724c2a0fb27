// The loop every background worker runs on: when the next round starts, and what stopping does.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PollingWorker } from '../../src/core/workers/polling-worker.js';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A worker whose rounds are recorded (start times) and answer what `results` says, in turn. */
function recordingWorker(
  options: { pollIntervalMs: number; batchSize: number; gatherMs?: number },
  results: number[],
) {
  const starts: number[] = [];
  const worker = new PollingWorker(
    async () => {
      starts.push(Date.now());
      return results.shift() ?? 0;
    },
    options,
    log,
  );
  return { worker, starts };
}

describe('the polling worker', () => {
  it('follows a full round at once and waits after a short one', async () => {
    const { worker, starts } = recordingWorker({ pollIntervalMs: 60_000, batchSize: 5 }, [5, 5, 2]);
    worker.start();
    await until(() => starts.length === 3);
    await sleep(100);
    expect(starts).toHaveLength(3);
    worker.wake();
    await until(() => starts.length === 4);
    await worker.stop();
  });

  it('a wake-up ends the wait at once, but not before gatherMs after the previous round began', async () => {
    const { worker, starts } = recordingWorker({ pollIntervalMs: 60_000, batchSize: 5, gatherMs: 500 }, []);
    worker.start();
    await until(() => starts.length === 1);
    worker.wake();
    await sleep(50);
    expect(starts).toHaveLength(1);
    await until(() => starts.length === 2);
    expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(495);
    await worker.stop();
  });

  it('a wake-up during a round runs another round right after it', async () => {
    let release: () => void = () => {};
    const starts: number[] = [];
    const worker = new PollingWorker(
      async () => {
        starts.push(Date.now());
        if (starts.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return 0;
      },
      { pollIntervalMs: 60_000, batchSize: 5 },
      log,
    );
    worker.start();
    await sleep(20);
    worker.wake();
    release();
    await until(() => starts.length === 2);
    await worker.stop();
  });

  it('stop() aborts the round in flight, waits for it to finish, and no round starts after', async () => {
    let finished = false;
    let rounds = 0;
    const worker = new PollingWorker(
      async (_limit, signal) => {
        rounds += 1;
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        await sleep(50); // the round finishes its work after the abort
        finished = true;
        return 5;
      },
      { pollIntervalMs: 10, batchSize: 5 },
      log,
    );
    worker.start();
    await sleep(20);
    await worker.stop();
    expect(worker.signal.aborted).toBe(true);
    expect(finished).toBe(true);
    expect(rounds).toBe(1);
    worker.start(); // a stopped worker stays stopped
    await sleep(30);
    expect(rounds).toBe(1);
  });

  it('a failing round is logged and the loop carries on', async () => {
    let rounds = 0;
    const worker = new PollingWorker(
      async () => {
        rounds += 1;
        if (rounds === 1) throw new Error('database went away');
        return 0;
      },
      { pollIntervalMs: 20, batchSize: 5 },
      log,
    );
    worker.start();
    await until(() => rounds >= 2);
    await worker.stop();
  });
});
