// Live WeChat answers every template send with 48001 since it switched the API off (2020-01-10). A shop
// configured with NOTICE_CHANNELS=subscribe,template must still deliver through subscribe, and record a
// clear failure when the shopper gave no accept.

import { DEMO_TEMPLATE_IDS, type NoticeOutcome } from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helper.js';
import {
  ADMIN,
  type Emulator,
  openShop,
  type Shop,
  type Shopper,
  settledInbox,
  startEmulator,
} from '../support/shop.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ templateApi: false });
});
afterAll(() => emulator.close());

describe.each(DATABASES)(
  'NOTICE_CHANNELS=subscribe,template with the template API switched off on %s',
  (flavour) => {
    let shop: Shop;
    beforeAll(async () => {
      shop = await openShop(emulator, flavour, { env: { NOTICE_CHANNELS: 'subscribe,template' } });
    });
    afterAll(() => shop.close());

    async function payAndNotify(
      shopper: Shopper,
      formId?: string,
    ): Promise<{ sn: string; outcome: NoticeOutcome }> {
      const { order, payment } = await shop.order(shopper, formId ? { formId } : {});
      await shop.pay(payment);
      await shop.waitForStatus(shopper, order.sn, 'paid');
      const res = await shop.app.inject({
        method: 'POST',
        url: '/wx/sendTemplatePaySuccess',
        headers: shopper.headers,
        payload: { sn: order.sn },
      });
      return { sn: order.sn, outcome: res.json() };
    }

    it('delivers every notice through subscribe when the shopper accepted', async () => {
      const shopper = await shop.login();
      const templateIds = [DEMO_TEMPLATE_IDS.subscribe.pay_success, DEMO_TEMPLATE_IDS.subscribe.shipped];
      await emulator.post('/sim/subscriptions', { openid: shopper.openid, templateIds });
      await shop.app.inject({
        method: 'POST',
        url: '/subscriptions',
        headers: shopper.headers,
        payload: { templateIds },
      });
      const [formId] = (
        await emulator.post<{ formIds: string[] }>('/sim/form-ids', { openid: shopper.openid })
      ).formIds;

      const paid = await payAndNotify(shopper, formId);
      expect(paid.outcome).toMatchObject({ status: 'sent', channel: 'subscribe' });
      const shipped = await shop.app.inject({
        method: 'POST',
        url: `/admin/orders/${paid.sn}/ship`,
        headers: ADMIN,
        payload: { carrier: '顺丰速运', trackingNo: 'SF0000000001' },
      });
      expect(shipped.json().notice).toMatchObject({ status: 'sent', channel: 'subscribe' });

      const inbox = await settledInbox(emulator, shopper.openid, 2);
      expect(inbox.map((m) => [m.channel, m.template_id]).sort()).toEqual(
        templateIds.map((id) => ['subscribe', id]).sort(),
      );
      // The template channel was never needed, so never tried.
      expect((await shop.noticeLog(paid.sn)).map((e) => e.channel)).toEqual(['subscribe', 'subscribe']);
    });

    it('records a clear failure (48001 from the template channel) when the shopper gave no accept', async () => {
      const shopper = await shop.login();
      const [formId] = (
        await emulator.post<{ formIds: string[] }>('/sim/form-ids', { openid: shopper.openid })
      ).formIds;
      const { sn, outcome } = await payAndNotify(shopper, formId);
      expect(outcome).toMatchObject({
        status: 'failed',
        errcode: 48001,
        errmsg: expect.stringContaining('api unauthorized'),
      });
      const log = await shop.noticeLog(sn);
      expect(log.at(-1)).toMatchObject({ channel: 'template', errcode: 48001 });
      expect(await emulator.inbox(shopper.openid)).toEqual([]);
    });
  },
);
