import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePushMessage } from '../../src/push/push-message.js';
import { buildTestApp, DATABASES, type TestApp } from '../helper.js';

const consume = (code: string) =>
  describePushMessage({
    ToUserName: 'gh_test',
    FromUserName: 'o-shopper',
    CreateTime: '1795440000',
    MsgType: 'event',
    Event: 'user_consume_card',
    CardId: 'card-1',
    UserCardCode: code,
  });

describe.each(DATABASES)('push event store on %s', (flavour) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(flavour, { push: { runWorker: false } });
  });
  afterAll(() => t.close());

  it('writes deliveries that arrive together in one go: each event once, copies tallied as duplicates', async () => {
    const codes = Array.from({ length: 40 }, (_, i) => `code-${i % 25}`);
    const results = await Promise.all(
      codes.map((code) => t.app.push.events.store('wxtest0000000001', consume(code))),
    );

    const fresh = results.filter((r) => !r.duplicate);
    expect(fresh).toHaveLength(25);
    expect(fresh.every((r) => r.runs === 1)).toBe(true);
    const idsByCode = new Map<string, Set<number>>();
    for (const [i, code] of codes.entries()) {
      idsByCode.set(code, (idsByCode.get(code) ?? new Set()).add(results[i]!.eventId));
    }
    expect([...idsByCode.values()].every((ids) => ids.size === 1)).toBe(true);

    const { rows } = await sql<{ events: number; duplicates: number; runs: number }>`
      SELECT (SELECT count(*) FROM push_events)::int AS events,
             (SELECT coalesce(sum(duplicates), 0) FROM push_events)::int AS duplicates,
             (SELECT count(*) FROM push_trigger_runs)::int AS runs
    `.execute(t.app.db);
    expect(rows[0]).toEqual({ events: 25, duplicates: 15, runs: 25 });
  });

  it('a redelivery of a stored event changes nothing but its tally', async () => {
    const first = await t.app.push.events.store('wxtest0000000001', consume('late-1'));
    const again = await t.app.push.events.store('wxtest0000000001', consume('late-1'));
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ eventId: first.eventId, duplicate: true, runs: 0 });
  });
});
