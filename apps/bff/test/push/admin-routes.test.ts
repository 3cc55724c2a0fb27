import type {
  AdminCardRedemptionsReply,
  AdminEventsReply,
  TriggerReply,
  TriggersReply,
} from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, type TestApp } from '../helper.js';
import { ADMIN, adminGet, buildPushApp, cardEventXml, postPush, safeRequest, waitFor } from './push-kit.js';

describe.each(DATABASES)('message-push admin routes on %s', (flavour) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildPushApp(flavour);
  });
  afterAll(() => t.close());

  const createTrigger = (payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/admin/triggers', headers: ADMIN, payload: payload as object });

  it('every admin route needs the admin token', async () => {
    for (const url of [
      '/admin/events',
      '/admin/triggers',
      '/admin/trigger-logs',
      '/admin/card-redemptions',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code).toBe('ADMIN_REQUIRED');
    }
  });

  it('the default trigger records card redemptions and is seeded once', async () => {
    const { triggers } = await adminGet<TriggersReply>(t.app, '/admin/triggers');
    expect(triggers).toEqual([
      expect.objectContaining({
        name: 'record-card-redemptions',
        enabled: true,
        condition: { msgType: 'event', event: 'user_consume_card' },
        action: { type: 'record-card-redemption' },
      }),
    ]);
    expect(
      await t.app.push.triggers.seed([{ ...triggers[0]!, action: { type: 'record-card-redemption' } }]),
    ).toBe(0);
  });

  it('refuses forward URLs off the allow-list or without https, unknown handlers and bad bodies', async () => {
    const forward = (url: string) => ({
      name: `f-${url.length}`,
      condition: {},
      action: { type: 'forward', url, secret: 'a-secret-of-16-chars' },
    });
    const notAllowed = await createTrigger(forward('https://evil.example.com/hook'));
    expect(notAllowed.statusCode).toBe(400);
    expect(notAllowed.json().message).toBe('forward host evil.example.com is not on FORWARD_ALLOWED_HOSTS');
    const plainHttp = await createTrigger(forward('http://example.com/hook'));
    expect(plainHttp.json().message).toBe('forward url must use https (http only for loopback hosts)');
    const handler = await createTrigger({
      name: 'h',
      condition: {},
      action: { type: 'handler', name: 'nope' },
    });
    expect(handler.statusCode).toBe(400);
    expect(handler.json().message).toMatch(/no code handler registered as "nope"/);
    const noAction = await createTrigger({ name: 'x', condition: {} });
    expect(noAction.statusCode).toBe(400);
    expect(noAction.json().message).toBe('body must have property "action"');
    const badFieldName = await createTrigger({
      name: 'bad-field',
      condition: { fields: { '1bad': 'x' } },
      action: { type: 'record-card-redemption' },
    });
    expect(badFieldName.statusCode).toBe(400);
    expect(badFieldName.json().message).toBe('body has unknown property "condition.fields.1bad"');
    const shortSecret = await createTrigger({
      ...forward('http://127.0.0.1/x'),
      action: { type: 'forward', url: 'http://127.0.0.1/x', secret: 'short' },
    });
    expect(shortSecret.statusCode).toBe(400);
  });

  it('creates, reads, changes and deletes a trigger; the secret never comes back', async () => {
    const created = await createTrigger({
      name: 'log-reviews',
      condition: { msgType: 'event', fields: { Event: 'card_pass_check' } },
      action: { type: 'handler', name: 'log-card-review' },
    });
    expect(created.statusCode).toBe(201);
    const { trigger } = created.json() as TriggerReply;
    expect(trigger).toMatchObject({
      enabled: true,
      maxAttempts: 5,
      condition: { fields: { Event: 'card_pass_check' } },
    });
    expect((await createTrigger({ ...trigger, id: undefined })).statusCode).toBe(400); // unknown properties
    const clash = await createTrigger({
      name: 'log-reviews',
      condition: {},
      action: { type: 'record-card-redemption' },
    });
    expect(clash.statusCode).toBe(409);

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/admin/triggers/${trigger.id}`,
      headers: ADMIN,
      payload: {
        enabled: false,
        action: { type: 'forward', url: 'http://127.0.0.1:9/x', secret: 'another-secret-0001' },
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().trigger).toMatchObject({
      enabled: false,
      action: { type: 'forward', url: 'http://127.0.0.1:9/x' },
    });
    expect(patched.body).not.toContain('another-secret');
    const renameClash = await t.app.inject({
      method: 'PATCH',
      url: `/admin/triggers/${trigger.id}`,
      headers: ADMIN,
      payload: { name: 'record-card-redemptions' },
    });
    expect(renameClash.statusCode).toBe(409);

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/admin/triggers/${trigger.id}`,
      headers: ADMIN,
    });
    expect(deleted.statusCode).toBe(204);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/admin/triggers/${trigger.id}`,
      headers: ADMIN,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().message).toBe(`trigger ${trigger.id} not found`);
  });

  it('a disabled trigger creates no run', async () => {
    const { triggers } = await adminGet<TriggersReply>(t.app, '/admin/triggers');
    const seeded = triggers.find((tr) => tr.name === 'record-card-redemptions')!;
    const off = await t.app.inject({
      method: 'PATCH',
      url: `/admin/triggers/${seeded.id}`,
      headers: ADMIN,
      payload: { enabled: false },
    });
    expect(off.statusCode).toBe(200);
    await postPush(t.app, safeRequest(cardEventXml({ UserCardCode: '000000000off' })));
    expect(await t.app.db.selectFrom('push_trigger_runs').select('id').execute()).toHaveLength(0);
    await t.app.inject({
      method: 'PATCH',
      url: `/admin/triggers/${seeded.id}`,
      headers: ADMIN,
      payload: { enabled: true },
    });
  });

  it('filters events and redemptions by type, event, openid, card, code and time; pages them', async () => {
    const base = Math.floor(Date.now() / 1000);
    const pushes = [
      {
        FromUserName: 'oFilterA000000000000000001',
        Event: 'user_consume_card',
        CardId: 'pCardA',
        UserCardCode: 'A1',
        CreateTime: base - 7200,
      },
      {
        FromUserName: 'oFilterA000000000000000001',
        Event: 'user_consume_card',
        CardId: 'pCardA',
        UserCardCode: 'A2',
        CreateTime: base - 60,
      },
      {
        FromUserName: 'oFilterB000000000000000001',
        Event: 'user_consume_card',
        CardId: 'pCardB',
        UserCardCode: 'B1',
        CreateTime: base,
      },
      {
        FromUserName: 'oFilterB000000000000000001',
        Event: 'user_get_card',
        CardId: 'pCardB',
        UserCardCode: 'B2',
        CreateTime: base,
      },
    ];
    for (const fields of pushes) {
      expect((await postPush(t.app, safeRequest(cardEventXml(fields)))).body).toBe('success');
    }
    const byOpenid = await adminGet<AdminEventsReply>(
      t.app,
      '/admin/events?openid=oFilterB000000000000000001',
    );
    expect(byOpenid.total).toBe(2);
    expect(byOpenid.events.every((e) => e.openidMasked === 'oFil****0001')).toBe(true);
    expect(JSON.stringify(byOpenid)).not.toContain('oFilterB000000000000000001');
    const gets = await adminGet<AdminEventsReply>(t.app, '/admin/events?type=event&event=user_get_card');
    expect(gets.events.map((e) => e.payload.UserCardCode)).toEqual(['B2']);
    const page = await adminGet<AdminEventsReply>(
      t.app,
      '/admin/events?openid=oFilterA000000000000000001&limit=1&offset=1',
    );
    expect(page).toMatchObject({ total: 2, events: [{ payload: { UserCardCode: 'A1' } }] });
    const future = await adminGet<AdminEventsReply>(
      t.app,
      `/admin/events?from=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(future.total).toBe(0);

    await waitFor(async () => {
      const all = await adminGet<AdminCardRedemptionsReply>(t.app, '/admin/card-redemptions?cardId=pCardA');
      return all.total === 2 ? all : undefined;
    });
    const byCode = await adminGet<AdminCardRedemptionsReply>(t.app, '/admin/card-redemptions?code=A2');
    expect(byCode.redemptions.map((r) => r.cardId)).toEqual(['pCardA']);
    const lastHour = await adminGet<AdminCardRedemptionsReply>(
      t.app,
      `/admin/card-redemptions?cardId=pCardA&from=${new Date((base - 3600) * 1000).toISOString()}`,
    );
    expect(lastHour.redemptions.map((r) => r.userCardCode)).toEqual(['A2']);
    const badTime = await t.app.inject({
      method: 'GET',
      url: '/admin/card-redemptions?from=yesterday',
      headers: ADMIN,
    });
    expect(badTime.statusCode).toBe(400);
  });
});
