import type { AdminCardRedemptionsReply, AdminEventsReply, AdminTriggerLogsReply } from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, type TestApp } from '../helper.js';
import { adminGet, buildPushApp, waitFor } from './push-kit.js';
import { listenForPush, type SimPushOutcome, simPush, startSim } from './sim-kit.js';

const MODES = ['plain', 'compatible', 'safe'] as const;
const FORMATS = ['xml', 'json'] as const;

describe.each(DATABASES)('pushes sent by the WeChat emulator on %s', (flavour) => {
  let t: TestApp;
  let sim: Awaited<ReturnType<typeof startSim>>;
  let url: string;
  beforeAll(async () => {
    [t, sim] = await Promise.all([buildPushApp(flavour), startSim()]);
    url = await listenForPush(t.app);
  });
  afterAll(async () => {
    await sim.close();
    await t.close();
  });

  const accepted = (outcome: SimPushOutcome) => {
    expect(outcome.attempts.map((a) => [a.status, a.body])).toEqual([[200, 'success']]);
    expect(outcome.delivered).toBe(true);
  };

  it.each(MODES.flatMap((mode) => FORMATS.map((format) => [mode, format] as const)))(
    'a user_consume_card event in %s mode as %s becomes an event and a redemption record',
    async (mode, format) => {
      const code = `${mode}${format}`.padEnd(12, '0');
      const outcome = await simPush(sim.sim, '/sim/push/card-event', {
        url,
        mode,
        format,
        event: 'user_consume_card',
        openid: 'oEmulatedShopper00000000001',
        card_id: 'pEmulatedCard0000000000000001',
        user_card_code: code,
        location_name: '南京西路店',
        remark_amount: '1200',
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
        openidMasked: 'oEmu****0001',
      });
    },
  );

  it('other card events are stored but record no redemption', async () => {
    for (const event of ['user_get_card', 'user_del_card', 'card_pass_check'] as const) {
      accepted(
        await simPush(sim.sim, '/sim/push/card-event', {
          url,
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
    const { events } = await adminGet<AdminEventsReply>(t.app, '/admin/events?type=text');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ duplicates: 1, payload: { Content: '你好' } });
  });

  it('the emulator retries three times when the reply is not success', async () => {
    const wrongApp = url.replace(/\/wx\/push\/.*/, '/wx/push/wxnotconfigured01');
    const outcome = await simPush(sim.sim, '/sim/push/card-event', {
      url: wrongApp,
      event: 'user_consume_card',
      openid: 'oRetried0000000000000000001',
    });
    expect(outcome.delivered).toBe(false);
    expect(outcome.attempts.map((a) => a.status)).toEqual([404, 404, 404, 404]);
  });
});
