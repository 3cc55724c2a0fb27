import type { AdminCardRedemptionsReply, AdminEventsReply, AdminTriggerLogsReply } from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, type TestApp } from '../helper.js';
import { adminGet, buildPushApp, OFFICIAL_ACCOUNT, waitFor } from './push-kit.js';
import { listenForPush, officialAccountUrl, type SimPushOutcome, simPush, startSim } from './sim-kit.js';

const MODES = ['plain', 'compatible', 'safe'] as const;
const FORMATS = ['xml', 'json'] as const;

describe.each(DATABASES)('pushes sent by the WeChat emulator on %s', (flavour) => {
  let t: TestApp;
  let sim: Awaited<ReturnType<typeof startSim>>;
  let url: string;
  let oaUrl: string;
  beforeAll(async () => {
    [t, sim] = await Promise.all([buildPushApp(flavour), startSim()]);
    url = await listenForPush(t.app);
    oaUrl = officialAccountUrl(url);
  });
  afterAll(async () => {
    await sim.close();
    await t.close();
  });

  const accepted = (outcome: SimPushOutcome) => {
    expect(outcome.attempts.map((a) => [a.status, a.body])).toEqual([[200, 'success']]);
    expect(outcome.delivered).toBe(true);
  };

  it.each(MODES)(
    'a user_consume_card event from the Official Account in %s mode (XML) becomes an event and a redemption record',
    async (mode) => {
      const code = `${mode}xml`.padEnd(12, '0');
      const outcome = await simPush(sim.sim, '/sim/push/card-event', {
        url: oaUrl,
        mode,
        event: 'user_consume_card',
        openid: 'oEmulatedShopper00000000001',
        card_id: 'pEmulatedCard0000000000000001',
        user_card_code: code,
        location_name: '南京西路店',
        remark_amount: '1200',
        out_trade_no: `SN${code}`,
        trans_id: `4200000000${code}000000`,
        location_id: 291710956,
      });
      accepted(outcome);
      const { redemptions } = await waitFor(async () => {
        const reply = await adminGet<AdminCardRedemptionsReply>(
          t.app,
          `/admin/card-redemptions?code=${code}`,
        );
        return reply.total === 1 ? reply : undefined;
      });
      expect(redemptions[0]).toMatchObject({
        cardId: 'pEmulatedCard0000000000000001',
        userCardCode: code,
        consumeSource: 'FROM_API',
        locationName: '南京西路店',
        remarkAmount: '1200',
        outTradeNo: `SN${code}`,
        transId: `4200000000${code}000000`,
        locationId: '291710956',
        openidMasked: 'oEmu****0001',
      });
      // The merchant finds the redemption again by the WeChat Pay transaction id.
      const byTrans = await adminGet<AdminCardRedemptionsReply>(
        t.app,
        `/admin/card-redemptions?transId=4200000000${code}000000`,
      );
      expect(byTrans.redemptions.map((r) => r.userCardCode)).toEqual([code]);
    },
  );

  it('the event store keeps the Official Account as the appid of card events', async () => {
    accepted(
      await simPush(sim.sim, '/sim/push/card-event', {
        url: oaUrl,
        event: 'user_pay_from_pay_cell',
        openid: 'oPayCell000000000000000001',
        fee: 900,
        original_fee: 1000,
      }),
    );
    const { events } = await adminGet<AdminEventsReply>(
      t.app,
      '/admin/events?openid=oPayCell000000000000000001',
    );
    expect(events[0]).toMatchObject({
      appid: OFFICIAL_ACCOUNT.appid,
      event: 'user_pay_from_pay_cell',
      payload: { Fee: '900', OriginalFee: '1000' },
    });
  });

  it('other card events are stored but record no redemption', async () => {
    for (const event of ['user_get_card', 'user_del_card', 'card_pass_check'] as const) {
      accepted(
        await simPush(sim.sim, '/sim/push/card-event', {
          url: oaUrl,
          event,
          openid: 'oOtherShopper000000000000001',
        }),
      );
    }
    const { events } = await adminGet<AdminEventsReply>(
      t.app,
      '/admin/events?openid=oOtherShopper000000000000001',
    );
    expect(events.map((e) => e.event).sort()).toEqual(['card_pass_check', 'user_del_card', 'user_get_card']);
    const logs = await adminGet<AdminTriggerLogsReply>(t.app, `/admin/trigger-logs?eventId=${events[0]?.id}`);
    expect(logs.total).toBe(0);
  });

  it('a text message is keyed by its MsgId', async () => {
    const message = {
      FromUserName: 'oTexter00000000000000000001',
      MsgType: 'text',
      Content: '你好',
      MsgId: 24_123_456_789,
    };
    accepted(await simPush(sim.sim, '/sim/push', { url, message }));
    accepted(await simPush(sim.sim, '/sim/push', { url, message, mode: 'plain', format: 'json' }));
    const { events } = await adminGet<AdminEventsReply>(
      t.app,
      '/admin/events?openid=oTexter00000000000000000001',
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ duplicates: 1, payload: { Content: '你好' } });
  });

  it.each(FORMATS)('messages are keyed by sender and exact 64-bit MsgId (%s)', async (format) => {
    // 2^53 + 1 and 2^53 + 3 are the same double: only exact digits keep them apart.
    const send = (from: string, msgId: string) =>
      simPush(sim.sim, '/sim/push', {
        url,
        format,
        message: { FromUserName: from, MsgType: 'text', Content: msgId, MsgId: msgId },
      });
    const sender = `oBigMsgId${format}`.padEnd(28, '0');
    const other = `oOtherSender${format}`.padEnd(28, '0');
    accepted(await send(sender, '9007199254740993'));
    accepted(await send(sender, '9007199254740995'));
    accepted(await send(other, '9007199254740993'));
    accepted(await send(sender, '9007199254740993'));
    const mine = await adminGet<AdminEventsReply>(t.app, `/admin/events?openid=${sender}`);
    expect(mine.events.map((e) => [e.payload.MsgId, e.duplicates]).sort()).toEqual([
      ['9007199254740993', 1],
      ['9007199254740995', 0],
    ]);
    const theirs = await adminGet<AdminEventsReply>(t.app, `/admin/events?openid=${other}`);
    expect(theirs.events.map((e) => e.payload.MsgId)).toEqual(['9007199254740993']);
  });

  it('event names match triggers and filters without regard to case', async () => {
    const message = {
      FromUserName: 'oCaseShopper00000000000001',
      MsgType: 'event',
      Event: 'USER_CONSUME_CARD',
      CardId: 'pCaseCard000000000000000001',
      UserCardCode: '990000000001',
    };
    accepted(await simPush(sim.sim, '/sim/push', { url: oaUrl, appid: OFFICIAL_ACCOUNT.appid, message }));
    const { redemptions } = await waitFor(async () => {
      const reply = await adminGet<AdminCardRedemptionsReply>(
        t.app,
        '/admin/card-redemptions?code=990000000001',
      );
      return reply.total === 1 ? reply : undefined;
    });
    expect(redemptions[0]).toMatchObject({ cardId: 'pCaseCard000000000000000001' });
    const { events } = await adminGet<AdminEventsReply>(
      t.app,
      '/admin/events?event=user_consume_card&openid=oCaseShopper00000000000001',
    );
    expect(events.map((e) => e.event)).toEqual(['USER_CONSUME_CARD']);
  });

  it('the emulator tries three times in all when the reply is not success', async () => {
    const wrongApp = url.replace(/\/wx\/push\/.*/, '/wx/push/wxnotconfigured01');
    const outcome = await simPush(sim.sim, '/sim/push/card-event', {
      url: wrongApp,
      event: 'user_consume_card',
      openid: 'oRetried0000000000000000001',
    });
    expect(outcome.delivered).toBe(false);
    // Three tries in all, then WeChat gives the push up.
    expect(outcome.attempts.map((a) => a.status)).toEqual([404, 404, 404]);
  });
});
