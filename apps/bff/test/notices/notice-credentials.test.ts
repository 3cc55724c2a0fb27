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
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const prepayIdOf = (payment: { package: string }) => payment.package.replace('prepay_id=', '');

describe.each(DATABASES)('notice credentials on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop(emulator, flavour);
  });
  afterAll(() => shop.close());

  const formIds = async (openid: string, count = 1) =>
    (await emulator.post<{ formIds: string[] }>('/sim/form-ids', { openid, count })).formIds;

  /** Pays the order and asks for its payment-success notice, as the app does. */
  async function payAndNotify(
    shopper: Shopper,
    payment: { package: string },
    sn: string,
  ): Promise<NoticeOutcome> {
    await shop.pay(payment as never);
    await shop.waitForStatus(shopper, sn, 'paid');
    const res = await shop.app.inject({
      method: 'POST',
      url: '/wx/sendTemplatePaySuccess',
      headers: shopper.headers,
      payload: { sn },
    });
    return res.json();
  }

  async function ship(sn: string): Promise<NoticeOutcome> {
    const res = await shop.app.inject({
      method: 'POST',
      url: `/admin/orders/${sn}/ship`,
      headers: ADMIN,
      payload: { carrier: '顺丰速运', trackingNo: `SF${sn.slice(-10)}` },
    });
    expect(res.statusCode).toBe(200);
    return res.json().notice;
  }

  it('a formId is stored and spent once, even when the app hands it over again', async () => {
    const shopper = await shop.login();
    const [formId] = await formIds(shopper.openid);
    const a = await shop.order(shopper, { formId });
    const b = await shop.order(shopper, { formId });
    const again = await shop.app.inject({
      method: 'POST',
      url: '/formids',
      headers: shopper.headers,
      payload: { formIds: [formId] },
    });
    expect(again.json()).toEqual({ stored: 0, ignored: 1 });

    expect(await payAndNotify(shopper, a.payment, a.order.sn)).toMatchObject({ status: 'sent' });
    expect(await payAndNotify(shopper, b.payment, b.order.sn)).toMatchObject({ status: 'sent' });
    const inbox = await settledInbox(emulator, shopper.openid, 2);
    // The formId went to the first order; the second fell back to the first live prepay_id.
    expect(inbox.map((m) => m.form_id)).toEqual([formId, prepayIdOf(a.payment)]);
    const log = [...(await shop.noticeLog(a.order.sn)), ...(await shop.noticeLog(b.order.sn))];
    expect(log.every((entry) => entry.errcode === 0)).toBe(true);
  });

  it('a formId WeChat calls used (41029) is retired and the next credential carries the notice', async () => {
    const shopper = await shop.login();
    const [formId] = await formIds(shopper.openid);
    const { order, payment } = await shop.order(shopper, { formId });
    await emulator.post('/sim/faults', { endpoint: 'template_send', errcode: 41029, count: 1 });
    expect(await payAndNotify(shopper, payment, order.sn)).toMatchObject({
      status: 'sent',
      channel: 'template',
    });
    const inbox = await settledInbox(emulator, shopper.openid, 1);
    expect(inbox.map((m) => m.form_id)).toEqual([prepayIdOf(payment)]);
    const log = await shop.noticeLog(order.sn);
    expect(log.map((e) => [e.credentialKind, e.errcode])).toEqual([
      ['form_id', 41029],
      ['prepay_id', 0],
    ]);
  });

  it('a prepay_id carries three notices, then the next live credential takes over', async () => {
    const shopper = await shop.login();
    const a = await shop.order(shopper);
    expect(await payAndNotify(shopper, a.payment, a.order.sn)).toMatchObject({ status: 'sent' }); // P_A 1
    expect(await ship(a.order.sn)).toMatchObject({ status: 'sent', channel: 'template' }); // P_A 2
    const b = await shop.order(shopper);
    expect(await payAndNotify(shopper, b.payment, b.order.sn)).toMatchObject({ status: 'sent' }); // P_A 3
    expect(await ship(b.order.sn)).toMatchObject({ status: 'sent' }); // shipped prefers its own: P_B 1
    const c = await shop.order(shopper);
    expect(await payAndNotify(shopper, c.payment, c.order.sn)).toMatchObject({ status: 'sent' }); // P_B 2

    const inbox = await settledInbox(emulator, shopper.openid, 5);
    const pa = prepayIdOf(a.payment);
    const pb = prepayIdOf(b.payment);
    expect(inbox.map((m) => m.form_id)).toEqual([pa, pa, pa, pb, pb]);
    expect(inbox.map((m) => m.title)).toEqual([
      '订单支付成功通知',
      '订单发货通知',
      '订单支付成功通知',
      '订单发货通知',
      '订单支付成功通知',
    ]);
    expect(inbox[1]!.data).toMatchObject({
      keyword1: { value: a.order.sn },
      keyword2: { value: '顺丰速运' },
    });
    // Our count of uses matched WeChat's: no send was ever refused.
    for (const sn of [a.order.sn, b.order.sn, c.order.sn]) {
      expect((await shop.noticeLog(sn)).every((e) => e.errcode === 0)).toBe(true);
    }
  });

  it('a subscribe accept sends the notice on the subscribe channel, once', async () => {
    const shopper = await shop.login();
    const templateId = DEMO_TEMPLATE_IDS.subscribe.pay_success;
    await emulator.post('/sim/subscriptions', { openid: shopper.openid, templateIds: [templateId] });
    const recorded = await shop.app.inject({
      method: 'POST',
      url: '/subscriptions',
      headers: shopper.headers,
      payload: { templateIds: [templateId, 'not-ours'] },
    });
    expect(recorded.json()).toEqual({ recorded: 1 });
    const { order, payment } = await shop.order(shopper, { items: [{ sku: 'ceramic-mug', quantity: 1 }] });
    expect(await payAndNotify(shopper, payment, order.sn)).toMatchObject({
      status: 'sent',
      channel: 'subscribe',
    });
    const inbox = await settledInbox(emulator, shopper.openid, 1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ channel: 'subscribe', template_id: templateId });
    expect(inbox[0]!.data).toMatchObject({
      character_string1: { value: order.sn },
      amount2: { value: '68.00元' },
      thing3: { value: '手工陶瓷马克杯' },
    });
  });

  it('43101 retires the accept and the template channel delivers instead', async () => {
    const shopper = await shop.login();
    const [formId] = await formIds(shopper.openid);
    // The app reports an accept WeChat does not have (e.g. the shopper turned notices off since).
    await shop.app.inject({
      method: 'POST',
      url: '/subscriptions',
      headers: shopper.headers,
      payload: { templateIds: [DEMO_TEMPLATE_IDS.subscribe.pay_success] },
    });
    const { order, payment } = await shop.order(shopper, { formId });
    expect(await payAndNotify(shopper, payment, order.sn)).toMatchObject({
      status: 'sent',
      channel: 'template',
    });
    expect(await settledInbox(emulator, shopper.openid, 1)).toHaveLength(1);
    const log = await shop.noticeLog(order.sn);
    expect(log.map((e) => [e.channel, e.credentialKind, e.errcode])).toEqual([
      ['subscribe', 'subscription', 43101],
      ['template', 'form_id', 0],
    ]);

    // The retired accept is never tried again.
    const next = await shop.order(shopper);
    expect(await payAndNotify(shopper, next.payment, next.order.sn)).toMatchObject({ channel: 'template' });
    expect((await shop.noticeLog(next.order.sn)).map((e) => e.channel)).toEqual(['template']);
  });

  it('with no credential left the notice fails with a reason, and a later formId revives it', async () => {
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    // The emulator refuses the only credential (the prepay_id) as invalid.
    await emulator.post('/sim/faults', { endpoint: 'template_send', errcode: 41028, count: 1 });
    const failed = await payAndNotify(shopper, payment, order.sn);
    expect(failed).toMatchObject({ status: 'failed', errcode: 41028 });
    const [formId] = await formIds(shopper.openid);
    const res = await shop.app.inject({
      method: 'POST',
      url: '/wx/sendTemplatePaySuccess',
      headers: { ...shopper.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ sn: order.sn, form_id: formId! }).toString(),
    });
    expect(res.json()).toEqual({ sn: order.sn, kind: 'pay_success', status: 'sent', channel: 'template' });
    expect((await settledInbox(emulator, shopper.openid, 1)).map((m) => m.form_id)).toEqual([formId]);
  });
});
