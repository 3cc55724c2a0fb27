// A send whose outcome the sender never learnt (it died, or the connection dropped after WeChat took the
// message) is resent with the credential it was using, never with a new one: a formId then arrives once.

import { NOTICES, type NoticeOutcome } from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeFacts } from '../../src/notices/notice-message.js';
import { NoticeOutbox, type NoticeRow } from '../../src/notices/outbox.js';
import { DATABASES } from '../helper.js';
import {
  type Emulator,
  openShop,
  type Shop,
  type Shopper,
  settledInbox,
  startEmulator,
} from '../support/shop.js';

const TEMPLATE_SEND = '/cgi-bin/message/wxopen/template/send';
/** Template sends whose connection the emulator drops after delivering (WeChat took it, no answer). */
let dropAnswers = 0;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({}, (app) =>
    app.addHook('onSend', async (request, _reply, payload) => {
      if (dropAnswers > 0 && request.url.startsWith(TEMPLATE_SEND)) {
        dropAnswers--;
        request.raw.socket.destroy();
      }
      return payload;
    }),
  );
});
afterAll(() => emulator.close());

describe.each(DATABASES)('a send with an unknown outcome, on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    // No worker: the request path is the only live sender, so the takeover is observable.
    shop = await openShop(emulator, flavour, { notices: { worker: false } });
  });
  afterAll(() => shop.close());

  async function paidOrder(withFormId: boolean) {
    const shopper = await shop.login();
    const { formIds } = await emulator.post<{ formIds: string[] }>('/sim/form-ids', {
      openid: shopper.openid,
    });
    const formId = formIds[0]!;
    const { order, payment } = await shop.order(shopper, withFormId ? { formId } : {});
    await shop.pay(payment);
    await shop.waitForStatus(shopper, order.sn, 'paid');
    return { shopper, sn: order.sn, formId };
  }

  const askPaySuccess = async (shopper: Shopper, sn: string) =>
    (
      await shop.app.inject({
        method: 'POST',
        url: '/wx/sendTemplatePaySuccess',
        headers: shopper.headers,
        payload: { sn },
      })
    ).json() as NoticeOutcome;

  /** A sender that claims the notice, takes a credential in flight, and dies (its lease: 300 ms). */
  async function dyingSender(shopper: Shopper, sn: string) {
    const dead = new NoticeOutbox(shop.app.db, 'dead-instance', 300);
    const [held] = await dead.claimDue(10);
    expect(held).toMatchObject({ order_sn: sn, lease_owner: 'dead-instance' });
    const taken = await dead.attempts.holdCredential(held as NoticeRow, 'template', 1, (db) =>
      shop.app.credentials.takeTemplateCredential(shopper.openid, { kind: 'form_id', orderSn: sn }, db),
    );
    expect(taken).not.toBeNull();
    return taken!.credential;
  }

  const usesLeft = async (id: number) =>
    (
      await shop.app.db
        .selectFrom('notice_credentials')
        .select('uses_left')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).uses_left;

  it('a connection dropped after WeChat took the formId send: resent with it, counted as delivered once', async () => {
    const { shopper, sn, formId } = await paidOrder(true);
    dropAnswers = 1;
    expect(await askPaySuccess(shopper, sn)).toMatchObject({ status: 'sent', channel: 'template' });
    expect(dropAnswers).toBe(0);
    const inbox = await settledInbox(emulator, shopper.openid, 1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ form_id: formId });
    const log = await shop.noticeLog(sn);
    // The unanswered attempt is the one that delivered; its resend says so.
    expect(log.map((e) => [e.attempt, e.credentialKind, e.errcode])).toEqual([
      [1, 'form_id', 0],
      [2, 'form_id', 41029],
    ]);
    expect(log[0]?.errmsg).toMatch(/network error; delivered: WeChat took it before the interruption/);
    expect(log[1]?.errmsg).toBe('form id already used by the interrupted attempt: counted as delivered');
    // The order's prepay_id was never touched: no second message went out with it.
    const prepay = await shop.app.db
      .selectFrom('notice_credentials')
      .select('uses_left')
      .where('order_sn', '=', sn)
      .where('kind', '=', 'prepay_id')
      .executeTakeFirstOrThrow();
    expect(prepay.uses_left).toBe(3);
  });

  it('a sender died after WeChat took its formId send: the takeover sends nothing new', async () => {
    const { shopper, sn, formId } = await paidOrder(true);
    const credential = await dyingSender(shopper, sn);
    expect(credential).toMatchObject({ kind: 'form_id', value: formId });
    // What the dead sender's call did before it could record anything.
    await shop.app.wechat.sendTemplateMessage({
      touser: shopper.openid,
      template_id: emulator.env.NOTICE_PAY_SUCCESS_TEMPLATE_ID,
      form_id: formId,
      data: { keyword1: { value: sn } },
    });
    expect(await askPaySuccess(shopper, sn)).toMatchObject({ status: 'sent', channel: 'template' });
    expect(await settledInbox(emulator, shopper.openid, 1)).toHaveLength(1);
    expect((await shop.noticeLog(sn)).map((e) => [e.attempt, e.errcode, e.errmsg])).toEqual([
      [1, 0, 'delivered: WeChat took it before the interruption (the resend found the form id used)'],
      [2, 41029, 'form id already used by the interrupted attempt: counted as delivered'],
    ]);
  });

  it('a sender died before its formId send reached WeChat: the takeover sends with that formId', async () => {
    const { shopper, sn, formId } = await paidOrder(true);
    await dyingSender(shopper, sn);
    expect(await askPaySuccess(shopper, sn)).toMatchObject({ status: 'sent', channel: 'template' });
    const inbox = await settledInbox(emulator, shopper.openid, 1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ form_id: formId });
    expect((await shop.noticeLog(sn)).map((e) => [e.attempt, e.errcode, e.errmsg])).toEqual([
      [
        1,
        undefined,
        'not delivered: interrupted before WeChat took it (the resend with the same form id went through)',
      ],
      [2, 0, 'ok'],
    ]);
  });

  it('a sender died after WeChat took its subscribe send: 43101 on the resend counts as delivered', async () => {
    const { shopper, sn } = await paidOrder(false);
    const templateId = emulator.env.NOTICE_PAY_SUCCESS_SUBSCRIBE_ID;
    await emulator.post('/sim/subscriptions', { openid: shopper.openid, templateIds: [templateId] });
    await shop.app.credentials.recordAccepts(shopper.openid, [templateId]);
    const dead = new NoticeOutbox(shop.app.db, 'dead-instance', 300);
    const [held] = await dead.claimDue(10);
    const taken = await dead.attempts.holdCredential(held as NoticeRow, 'subscribe', 1, (db) =>
      shop.app.credentials.takeSubscription(shopper.openid, templateId, db),
    );
    expect(taken?.credential).toMatchObject({ kind: 'subscription' });
    const facts = noticeFacts((await shop.app.orders.find(sn))!);
    await shop.app.wechat.sendSubscribeMessage({
      touser: shopper.openid,
      template_id: templateId,
      page: NOTICES.pay_success.page(facts),
      data: NOTICES.pay_success.subscribeData(facts),
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    });
    expect(await askPaySuccess(shopper, sn)).toMatchObject({ status: 'sent', channel: 'subscribe' });
    const inbox = await settledInbox(emulator, shopper.openid, 1);
    expect(inbox.map((m) => m.channel)).toEqual(['subscribe']);
    expect((await shop.noticeLog(sn)).map((e) => [e.attempt, e.credentialKind, e.errcode])).toEqual([
      [1, 'subscription', 0],
      [2, 'subscription', 43101],
    ]);
    expect((await shop.noticeLog(sn))[1]?.errmsg).toBe(
      'subscribe accept already used by the interrupted attempt: counted as delivered',
    );
  });

  it('a sender died holding a prepay_id: the takeover resends with it, spending no second use', async () => {
    const { shopper, sn } = await paidOrder(false);
    const credential = await dyingSender(shopper, sn);
    expect(credential.kind).toBe('prepay_id');
    expect(await usesLeft(credential.id)).toBe(2);
    expect(await askPaySuccess(shopper, sn)).toMatchObject({ status: 'sent', channel: 'template' });
    const inbox = await settledInbox(emulator, shopper.openid, 1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ form_id: credential.value });
    expect(await usesLeft(credential.id)).toBe(2);
    expect((await shop.noticeLog(sn)).map((e) => [e.attempt, e.errcode, e.errmsg])).toEqual([
      [1, undefined, 'interrupted, outcome unknown: resent with the same prepay_id'],
      [2, 0, 'ok'],
    ]);
    const [row] = await shop.app.db
      .selectFrom('notices')
      .select(['status', 'inflight_credential_id', 'inflight_channel'])
      .where('order_sn', '=', sn)
      .execute();
    expect(row).toEqual({ status: 'sent', inflight_credential_id: null, inflight_channel: null });
  });
});
