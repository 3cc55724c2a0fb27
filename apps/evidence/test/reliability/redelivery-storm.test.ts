// Redelivery storm: 2,000 distinct card events, each delivered three times (as WeChat redelivers when
// it is unsure), shuffled and concurrent across three BFF processes on one PostgreSQL. Replies that are
// not `success` are retried as WeChat does. Exactly one event and one trigger run per message, 0 lost.

import { describe, expect, it } from 'vitest';
import { useCluster } from '../support/cluster.js';
import { cardEventXml, distinctCardEvents, PushSigner, sendPush } from '../support/push-requests.js';
import { pool, waitFor } from '../support/wait.js';

const EVENTS = 2000;
const DELIVERIES = 3;
const CONCURRENCY = 24;
const WECHAT_RETRIES = 3;

describe('a redelivery storm across three BFF processes on one PostgreSQL', () => {
  const world = useCluster('storm', 3);

  it('stores exactly 2,000 events, runs 2,000 triggers once each, loses none', async () => {
    const signer = new PushSigner(world.emulator.push);
    const events = distinctCardEvents(EVENTS);
    const deliveries = events.flatMap((event, index) =>
      Array.from({ length: DELIVERIES }, () => ({ index, message: cardEventXml(event) })),
    );
    // Fisher-Yates: the three copies of an event arrive in any order, on any instance, at once.
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const acknowledged = new Set<number>();
    const notSuccess: Record<string, number> = {};
    const started = Date.now();
    await pool(deliveries, CONCURRENCY, async (delivery) => {
      for (let attempt = 0; attempt <= WECHAT_RETRIES; attempt++) {
        const instance = world.cluster[Math.floor(Math.random() * world.cluster.length)]!;
        const reply = await sendPush(instance.url, signer.safe(delivery.message));
        if (reply.status === 200 && reply.body === 'success') {
          acknowledged.add(delivery.index);
          return;
        }
        const key = `${reply.status} ${reply.body.slice(0, 60)}`;
        notSuccess[key] = (notSuccess[key] ?? 0) + 1;
      }
    });
    const sendMs = Date.now() - started;
    console.log(
      `storm: ${deliveries.length} deliveries in ${sendMs} ms; non-success replies ${JSON.stringify(notSuccess)}`,
    );
    expect(acknowledged.size).toBe(EVENTS);

    const count = async (sql: string) => Number((await world.database.query<{ n: string }>(sql))[0]?.n);
    expect(await count('SELECT count(*) AS n FROM push_events')).toBe(EVENTS);
    expect(await count('SELECT count(DISTINCT dedup_key) AS n FROM push_events')).toBe(EVENTS);
    expect(await count('SELECT count(*) AS n FROM push_trigger_runs')).toBe(EVENTS);
    await waitFor(
      async () =>
        (await count(`SELECT count(*) AS n FROM push_trigger_runs WHERE status = 'pending'`)) === 0
          ? true
          : undefined,
      'every trigger run to finish',
      180_000,
      250,
    );
    expect(await count(`SELECT count(*) AS n FROM push_trigger_runs WHERE status = 'succeeded'`)).toBe(
      EVENTS,
    );
    // Each run executed once: one log line per run, no run claimed by two instances.
    expect(await count('SELECT count(*) AS n FROM push_trigger_logs')).toBe(EVENTS);
    expect(await count('SELECT count(DISTINCT run_id) AS n FROM push_trigger_logs')).toBe(EVENTS);
    expect(await count('SELECT count(*) AS n FROM push_card_redemptions')).toBe(EVENTS);
    const codes = new Set(
      (
        await world.database.query<{ user_card_code: string }>(
          'SELECT user_card_code FROM push_card_redemptions',
        )
      ).map((row) => row.user_card_code),
    );
    expect(codes).toEqual(new Set(events.map((event) => event.code)));
    // Every copy beyond the first was recognised as a duplicate.
    expect(await count('SELECT sum(duplicates) AS n FROM push_events')).toBeGreaterThanOrEqual(
      EVENTS * (DELIVERIES - 1),
    );
    // All three instances took part, and none crashed.
    for (const instance of world.cluster) {
      expect(instance.unexpectedExits()).toEqual([]);
      expect(instance.alive()).toBe(true);
    }
  });
});
