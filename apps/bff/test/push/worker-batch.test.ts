// One worker round takes a burst of redemptions at once: one INSERT for all of them, one statement for
// every outcome and log, and a bad event fails only itself. A round runs in one transaction: a row the
// database refuses rolls it back, and the round is redone leased, one redemption at a time.

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredPushEvent } from '../../src/push/actions/action-types.js';
import { recordCardRedemptions } from '../../src/push/actions/record-card-redemption.js';
import { DATABASES, type TestApp } from '../helper.js';
import { buildPushApp, cardEventXml, FAST_WORKER, postPush, pushEnv, safeRequest } from './push-kit.js';

describe.each(DATABASES)('a worker round with many due runs on %s', (flavour) => {
  let t: TestApp;
  beforeAll(async () => {
    // No background worker: the test runs each round itself, so it sees exactly one round's effect.
    t = await buildPushApp(flavour, pushEnv(), { runWorker: false });
  });
  afterAll(() => t.close());

  const storeRedemptions = async (fields: Record<string, string>[]) => {
    for (const extra of fields) {
      const res = await postPush(t.app, safeRequest(cardEventXml(extra)));
      expect(res.statusCode, res.body).toBe(200);
    }
  };

  it('records 30 redemptions and fails the one without a CardId, all in one round', async () => {
    const good = Array.from({ length: 30 }, (_, i) => ({ OuterStr: `batch-${i}` }));
    await storeRedemptions([...good.slice(0, 15), { CardId: '', OuterStr: 'no-card' }, ...good.slice(15)]);

    expect(await t.app.push.worker.runDue()).toBe(31);

    const recorded = await t.app.db.selectFrom('push_card_redemptions').select('outer_str').execute();
    expect(recorded.map((r) => r.outer_str).sort()).toEqual(good.map((g) => g.OuterStr).sort());
    const logs = await t.app.db
      .selectFrom('push_trigger_logs')
      .select(['status', 'attempt', 'error', 'event_id'])
      .execute();
    expect(logs).toHaveLength(31);
    expect(logs.filter((l) => l.status === 'succeeded')).toHaveLength(30);
    const failed = logs.filter((l) => l.status === 'failed');
    expect(failed).toMatchObject([
      { attempt: 1, error: 'event has no CardId, UserCardCode or FromUserName to record' },
    ]);
    const runs = await t.app.db.selectFrom('push_trigger_runs').select(['status', 'finished_at']).execute();
    expect(runs.filter((r) => r.status === 'pending')).toEqual([]);
    expect(runs.every((r) => r.finished_at !== null)).toBe(true);
    // Nothing is left for a second round.
    expect(await t.app.push.worker.runDue()).toBe(0);
  });

  it('when the shared INSERT fails, each event is retried alone and only the bad one fails', async () => {
    await storeRedemptions([{ OuterStr: 'alone-1' }, { OuterStr: 'alone-2' }]);
    const fresh = await t.app.db
      .selectFrom('push_events')
      .select(['id', 'appid', 'msg_type', 'event', 'openid', 'create_time', 'payload'])
      .where('id', 'not in', t.app.db.selectFrom('push_card_redemptions').select('event_id'))
      .where('event', '=', 'user_consume_card')
      .where(({ eb, ref }) => eb(ref('payload', '->>').key('CardId'), '<>', ''))
      .execute();
    expect(fresh).toHaveLength(2);
    const events: StoredPushEvent[] = fresh.map((row) => ({
      id: Number(row.id),
      appid: row.appid,
      msgType: row.msg_type,
      event: row.event,
      openid: row.openid,
      createTime: new Date(row.create_time),
      payload: row.payload,
    }));
    // An event id that is not in push_events breaks the foreign key, and with it the shared INSERT.
    const orphan = { ...events[0]!, id: 987_654_321 };
    const outcomes = await recordCardRedemptions([events[0]!, orphan, events[1]!], {
      db: t.app.db,
      log: t.app.log,
      signal: new AbortController().signal,
    });

    expect(outcomes[0]).toBeUndefined();
    expect(String(outcomes[1])).toMatch(/foreign key/);
    expect(outcomes[2]).toBeUndefined();
    const recorded = await t.app.db
      .selectFrom('push_card_redemptions')
      .select('event_id')
      .where('event_id', 'in', [events[0]!.id, events[1]!.id, orphan.id])
      .execute();
    expect(recorded.map((r) => Number(r.event_id)).sort()).toEqual([events[0]!.id, events[1]!.id].sort());
  });
});

/** An app whose worker runs only when the test calls runDue(), with one code handler that counts. */
async function appWithCountingHandler(flavour: (typeof DATABASES)[number], leaseLimit?: number) {
  const handled: number[] = [];
  const t = await buildPushApp(flavour, pushEnv(), {
    runWorker: false,
    // Retries wait a minute: a retrying run stays visibly not due while the test looks at it.
    worker: {
      ...FAST_WORKER,
      backoffBaseMs: 60_000,
      backoffMaxMs: 60_000,
      ...(leaseLimit ? { leaseLimit } : {}),
    },
    handlers: {
      'count-card-events': async (event) => {
        handled.push(event.id);
      },
    },
  });
  const store = async (extra: Record<string, string>) => {
    const res = await postPush(t.app, safeRequest(cardEventXml(extra)));
    expect(res.statusCode, res.body).toBe(200);
  };
  const runs = () =>
    t.app.db
      .selectFrom('push_trigger_runs as r')
      .innerJoin('push_events as e', 'e.id', 'r.event_id')
      .select([
        'r.status',
        'r.attempts',
        'r.next_attempt_at',
        sql<string>`e.payload->>'OuterStr'`.as('outer'),
      ])
      .execute();
  return { t, handled, store, runs };
}

describe.each(DATABASES)('a round the database refuses on %s', (flavour) => {
  let kit: Awaited<ReturnType<typeof appWithCountingHandler>>;
  beforeAll(async () => {
    kit = await appWithCountingHandler(flavour);
  });
  afterAll(() => kit.t.close());

  it('rolls back, is redone leased, and only the refused redemption retries', async () => {
    const { t, store, runs } = kit;
    await sql`
      CREATE FUNCTION refuse_marked_redemption() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.outer_str = 'refuse-me' THEN RAISE EXCEPTION 'redemption refused by the test'; END IF;
        RETURN NEW;
      END $$`.execute(t.app.db);
    await sql`CREATE TRIGGER refuse_marked BEFORE INSERT ON push_card_redemptions
      FOR EACH ROW EXECUTE FUNCTION refuse_marked_redemption()`.execute(t.app.db);
    await store({ OuterStr: 'fine-1' });
    await store({ OuterStr: 'refuse-me' });
    await store({ OuterStr: 'fine-2' });

    expect(await t.app.push.worker.runDue()).toBe(3);

    const recorded = await t.app.db.selectFrom('push_card_redemptions').select('outer_str').execute();
    expect(recorded.map((r) => r.outer_str).sort()).toEqual(['fine-1', 'fine-2']);
    const logs = await t.app.db
      .selectFrom('push_trigger_logs')
      .select(['status', 'attempt', 'error'])
      .execute();
    expect(logs.filter((l) => l.status === 'succeeded')).toHaveLength(2);
    expect(logs.filter((l) => l.status !== 'succeeded')).toMatchObject([
      { status: 'retrying', attempt: 1, error: expect.stringMatching(/refused by the test/) },
    ]);
    const refused = (await runs()).find((r) => r.outer === 'refuse-me');
    expect(refused).toMatchObject({ status: 'pending', attempts: 1 });
    expect(new Date(refused!.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 30_000);
  });
});

describe.each(DATABASES)('a round with more outside actions than leaseLimit on %s', (flavour) => {
  let kit: Awaited<ReturnType<typeof appWithCountingHandler>>;
  beforeAll(async () => {
    kit = await appWithCountingHandler(flavour, 2);
  });
  afterAll(() => kit.t.close());

  it('leases leaseLimit of them; the rest wait unchanged for the next round', async () => {
    const { t, handled, store, runs } = kit;
    await t.app.push.triggers.create({
      name: 'count-card-events',
      enabled: true,
      condition: { event: 'user_consume_card' },
      action: { type: 'handler', name: 'count-card-events' },
      maxAttempts: 3,
    });
    for (const i of [1, 2, 3]) await store({ OuterStr: `limit-${i}` });
    expect(await runs()).toHaveLength(6); // a redemption run and a handler run per event

    // Three redemptions and two of the three handler runs; the third handler run is left as it was.
    expect(await t.app.push.worker.runDue()).toBe(5);
    expect(handled).toHaveLength(2);
    expect((await runs()).filter((r) => r.status === 'pending')).toMatchObject([{ attempts: 0 }]);

    expect(await t.app.push.worker.runDue()).toBe(1);
    expect(new Set(handled).size).toBe(3);
    expect((await runs()).filter((r) => r.status !== 'succeeded')).toEqual([]);
  });
});
