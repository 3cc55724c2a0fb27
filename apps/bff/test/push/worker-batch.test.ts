// One worker round takes a burst of redemptions at once: one INSERT for all of them, one statement for
// every outcome and log, and a bad event fails only itself.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredPushEvent } from '../../src/push/actions/action-types.js';
import { recordCardRedemptions } from '../../src/push/actions/record-card-redemption.js';
import { DATABASES, type TestApp } from '../helper.js';
import { buildPushApp, cardEventXml, postPush, pushEnv, safeRequest } from './push-kit.js';

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
