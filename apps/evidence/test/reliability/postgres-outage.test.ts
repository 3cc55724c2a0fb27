// PostgreSQL unavailable for 30 s under push load. A TCP proxy sits between three BFF processes and the
// shared server: 20 s blackholed (a partition: packets vanish), then 10 s refused (the server is down),
// then healed. The push route must answer an error fast enough (< 4.5 s) for WeChat to retry within its
// 5 s budget; no process crashes; after recovery, with WeChat's redeliveries, every event is stored once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BffProcess } from '../support/bff-process.js';
import { startCluster, stopCluster } from '../support/cluster.js';
import { type Emulator, startEmulator } from '../support/emulator.js';
import { type FreshDatabase, freshDatabase, postgresAddress, withPort } from '../support/postgres.js';
import { cardEventXml, distinctCardEvents, PushSigner, sendPush } from '../support/push-requests.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { sleep, waitFor } from '../support/wait.js';

const RATE_PER_S = 25;
const BEFORE_MS = 5000;
const BLACKHOLE_MS = 20_000;
const REFUSE_MS = 10_000;
const AFTER_MS = 10_000;
const FAST_ENOUGH_MS = 4500;

interface Reply {
  index: number;
  status: number;
  body: string;
  ms: number;
  phase: 'before' | 'outage' | 'after';
}

describe('PostgreSQL unavailable for 30 s under push load', () => {
  let database: FreshDatabase;
  let emulator: Emulator;
  let proxy: TcpProxy;
  let cluster: BffProcess[] = [];
  beforeAll(async () => {
    database = await freshDatabase('outage');
    emulator = await startEmulator();
    proxy = await startTcpProxy(postgresAddress(database.url));
    cluster = await startCluster(emulator, withPort(database.url, proxy.port), 3);
  });
  afterAll(async () => {
    proxy?.heal();
    await stopCluster(cluster);
    await proxy?.close();
    await emulator?.close();
    await database?.drop();
  });

  const replies: Reply[] = [];
  let total = 0;
  let events: ReturnType<typeof distinctCardEvents> = [];
  let signer: PushSigner;
  /** Crashes seen during the load, with the last lines each crashed process wrote. */
  const crashes: string[] = [];

  it('runs 45 s of push load with a 30 s PostgreSQL outage in the middle', async () => {
    signer = new PushSigner(emulator.push);
    total = Math.ceil(((BEFORE_MS + BLACKHOLE_MS + REFUSE_MS + AFTER_MS) / 1000) * RATE_PER_S);
    events = distinctCardEvents(total, 'oOutage');
    let phase: Reply['phase'] = 'before';
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let index = 0; index < total; index++) {
      const due = started + (index * 1000) / RATE_PER_S;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const elapsed = performance.now() - started;
      if (elapsed >= BEFORE_MS && phase === 'before') {
        phase = 'outage';
        proxy.blackhole();
      } else if (elapsed >= BEFORE_MS + BLACKHOLE_MS && proxy.mode() === 'blackhole') {
        proxy.refuse();
      } else if (elapsed >= BEFORE_MS + BLACKHOLE_MS + REFUSE_MS && proxy.mode() === 'refuse') {
        proxy.heal();
        phase = 'after';
      }
      const sentIn = phase;
      const instance = cluster[index % cluster.length]!;
      inFlight.push(
        sendPush(instance.url, signer.safe(cardEventXml(events[index]!)), 10_000).then((reply) => {
          replies.push({ index, ...reply, phase: sentIn });
        }),
      );
    }
    await Promise.all(inFlight);
    for (const instance of cluster) {
      if (instance.unexpectedExits().length === 0) continue;
      const lastWords = instance
        .output()
        .split('\n')
        .filter((line) => !line.includes('"level":30'))
        .slice(-20);
      crashes.push(
        `${instance.unexpectedExits().join('; ')}:\n${lastWords.filter((l) => !l.startsWith('{')).join('\n')}`,
      );
    }
    const statuses: Record<string, number> = {};
    for (const reply of replies.filter((r) => r.phase === 'outage'))
      statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
    console.log(
      `outage: ${total} pushes, statuses during the outage ${JSON.stringify(statuses)}, crashes ${crashes.length}`,
    );
    expect(replies).toHaveLength(total);
    expect(replies.filter((r) => r.phase === 'before').every((r) => r.status === 200)).toBe(true);
  });

  it('answers every push during the outage within 4.5 s, with 503 so WeChat retries', () => {
    const answered = replies.filter((r) => r.phase === 'outage' && r.status !== 0);
    expect(answered.length).toBeGreaterThan(0);
    const slowest = Math.max(...answered.map((r) => r.ms));
    console.log(`outage: ${answered.length} answered during the outage, slowest ${slowest.toFixed(0)} ms`);
    for (const reply of answered) {
      expect(reply.ms, `reply to push ${reply.index} (${reply.status})`).toBeLessThan(FAST_ENOUGH_MS);
      expect([200, 503]).toContain(reply.status);
    }
    expect(answered.filter((r) => r.status === 503).length).toBeGreaterThan(answered.length * 0.9);
  });

  it('no BFF process crashed while PostgreSQL was away', () => {
    expect(crashes).toEqual([]);
    const unanswered = [...new Set(replies.filter((r) => r.status === 0).map((r) => r.body))];
    expect(unanswered, 'pushes that got no HTTP answer at all').toEqual([]);
  });

  it('after recovery, with WeChat redelivering, every event is stored exactly once', async () => {
    // A supervisor restarts a crashed process (so this check stands apart from the crash check).
    for (const instance of cluster) if (!instance.alive()) await instance.restart();
    const acknowledged = new Set(
      replies.filter((r) => r.status === 200 && r.body === 'success').map((r) => r.index),
    );
    for (let index = 0; index < total; index++) {
      if (acknowledged.has(index)) continue;
      await waitFor(
        async () => {
          const instance = cluster[index % cluster.length]!;
          const reply = await sendPush(instance.url, signer.safe(cardEventXml(events[index]!)));
          return reply.status === 200 && reply.body === 'success' ? true : undefined;
        },
        `redelivery of push ${index} to be acknowledged`,
        60_000,
        500,
      );
    }
    const count = async (sql: string) => Number((await database.query<{ n: string }>(sql))[0]?.n);
    expect(await count('SELECT count(*) AS n FROM push_events')).toBe(total);
    expect(await count('SELECT count(DISTINCT dedup_key) AS n FROM push_events')).toBe(total);
    expect(await count('SELECT count(*) AS n FROM push_trigger_runs')).toBe(total);
    await waitFor(
      async () =>
        (await count('SELECT count(*) AS n FROM push_card_redemptions')) === total ? true : undefined,
      'every card redemption to be recorded',
      120_000,
      500,
    );
  });
});
