import type { AdminTriggerLogsReply } from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentActionError, type StoredPushEvent } from '../../src/push/actions/action-types.js';
import { DATABASES, type TestApp } from '../helper.js';
import {
  ADMIN,
  adminGet,
  buildPushApp,
  cardEventXml,
  postPush,
  pushEnv,
  safeRequest,
  waitFor,
} from './push-kit.js';

describe.each(DATABASES)('the trigger worker on %s', (flavour) => {
  let t: TestApp;
  const seen: StoredPushEvent[] = [];
  let flaky = 2;
  beforeAll(async () => {
    t = await buildPushApp(flavour, pushEnv(), {
      handlers: {
        'remember-event': async (event, { db }) => {
          // A handler gets the database: prove it by reading its own event back.
          const row = await db
            .selectFrom('push_events')
            .select('dedup_key')
            .where('id', '=', event.id)
            .executeTakeFirst();
          if (!row) throw new Error('event not visible to the handler');
          seen.push(event);
        },
        'fail-twice': async () => {
          if (flaky-- > 0) throw new Error('temporarily unavailable');
        },
        'refuse-event': async () => {
          throw new PermanentActionError('this event can never be handled');
        },
      },
    });
  });
  afterAll(() => t.close());

  const handlerTrigger = async (name: string, event: string, maxAttempts = 5) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/triggers',
      headers: ADMIN,
      payload: {
        name,
        condition: { event, fields: { ConsumeSource: 'FROM_API' } },
        action: { type: 'handler', name },
        maxAttempts,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().trigger.id as number;
  };
  const logsOf = async (triggerId: number, until: (logs: AdminTriggerLogsReply) => boolean) =>
    waitFor(async () => {
      const reply = await adminGet<AdminTriggerLogsReply>(
        t.app,
        `/admin/trigger-logs?triggerId=${triggerId}`,
      );
      return until(reply) ? reply : undefined;
    });

  it('runs a registered code handler with the event and the database', async () => {
    const id = await handlerTrigger('remember-event', 'user_enter_session_from_card');
    await postPush(
      t.app,
      safeRequest(cardEventXml({ Event: 'user_enter_session_from_card', OuterStr: '扫码进入' })),
    );
    const { logs } = await logsOf(id, (r) => r.total === 1);
    expect(logs[0]).toMatchObject({ status: 'succeeded', attempt: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      msgType: 'event',
      event: 'user_enter_session_from_card',
      payload: { OuterStr: '扫码进入' },
    });
  });

  it('field conditions must match: another ConsumeSource runs nothing', async () => {
    const before = seen.length;
    await postPush(
      t.app,
      safeRequest(cardEventXml({ Event: 'user_enter_session_from_card', ConsumeSource: 'FROM_POS' })),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toHaveLength(before);
  });

  it('retries a transient failure and succeeds, logging every attempt', async () => {
    const id = await handlerTrigger('fail-twice', 'user_pay_from_pay_cell');
    await postPush(t.app, safeRequest(cardEventXml({ Event: 'user_pay_from_pay_cell' })));
    const { logs } = await logsOf(id, (r) => r.logs.some((l) => l.status === 'succeeded'));
    expect(logs.map((l) => [l.attempt, l.status, l.error ?? null]).reverse()).toEqual([
      [1, 'retrying', 'temporarily unavailable'],
      [2, 'retrying', 'temporarily unavailable'],
      [3, 'succeeded', null],
    ]);
    expect(logs.every((l) => l.durationMs >= 0)).toBe(true);
  });

  it('a permanent failure is not retried', async () => {
    const id = await handlerTrigger('refuse-event', 'update_member_card');
    await postPush(t.app, safeRequest(cardEventXml({ Event: 'update_member_card' })));
    const { logs } = await logsOf(id, (r) => r.total > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await adminGet<AdminTriggerLogsReply>(t.app, `/admin/trigger-logs?triggerId=${id}`);
    expect(after.total).toBe(1);
    expect(logs[0]).toMatchObject({ status: 'failed', attempt: 1, error: 'this event can never be handled' });
  });

  it('prunes logs and finished runs older than the retention period', async () => {
    const [log] = await t.app.db.selectFrom('push_trigger_logs').selectAll().limit(1).execute();
    const old = new Date(Date.now() - 181 * 86_400_000);
    await t.app.db
      .insertInto('push_trigger_logs')
      .values({
        run_id: log!.run_id,
        trigger_id: log!.trigger_id,
        trigger_name: 'ancient',
        event_id: log!.event_id,
        attempt: 1,
        status: 'succeeded',
        duration_ms: 1,
        error: null,
        created_at: old,
      })
      .execute();
    const pruned = await t.app.push.worker.prune();
    expect(pruned.logs).toBe(1);
    const left = await t.app.db.selectFrom('push_trigger_logs').select('trigger_name').execute();
    expect(left.map((l) => l.trigger_name)).not.toContain('ancient');
    expect(left.length).toBeGreaterThan(0);
  });
});

describe.each(DATABASES)('TRIGGER_WORKER=off on %s', (flavour) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildPushApp(flavour, pushEnv(undefined, { TRIGGER_WORKER: 'off' }));
  });
  afterAll(() => t.close());

  it('stores the push and its run, and leaves the run to an instance whose worker is on', async () => {
    const res = await postPush(t.app, safeRequest(cardEventXml()));
    expect(res.statusCode, res.body).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pending = () =>
      t.app.db.selectFrom('push_trigger_runs').select('status').where('status', '=', 'pending').execute();
    expect(await pending()).toHaveLength(1);
    expect(await t.app.db.selectFrom('push_card_redemptions').select('id').execute()).toHaveLength(0);
    // Any worker sharing the database (here this app's own, run by hand) picks it up.
    expect(await t.app.push.worker.runDue()).toBe(1);
    expect(await pending()).toHaveLength(0);
  });
});
