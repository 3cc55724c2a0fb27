import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helper.js';
import {
  type Emulator,
  openShop,
  type Shop,
  type Shopper,
  settledInbox,
  startEmulator,
  waitFor,
} from '../support/shop.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe.each(DATABASES)('notice retries on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop(emulator, flavour, { notices: { maxRounds: 4 } });
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await shop.close();
  });

  async function paidOrderWithFormId(): Promise<{ shopper: Shopper; sn: string; formId: string }> {
    const shopper = await shop.login();
    const [formId] = (await emulator.post<{ formIds: string[] }>('/sim/form-ids', { openid: shopper.openid }))
      .formIds;
    const { order, payment } = await shop.order(shopper, { formId });
    await shop.pay(payment);
    return { shopper, sn: order.sn, formId: formId! };
  }

  it('WeChat failing for a while (system busy, 5xx) then recovering: delivered once, same formId', async () => {
    await emulator.post('/sim/faults', { endpoint: 'template_send', errcode: -1, count: 2 });
    await emulator.post('/sim/faults', { endpoint: 'template_send', status: 503, count: 1 });
    const { shopper, sn, formId } = await paidOrderWithFormId();
    const order = await waitFor(async () => {
      const o = await shop.getOrder(shopper, sn);
      return o.notices[0]?.status === 'sent' ? o : undefined;
    }, 'the notice to be sent');
    expect(order.notices).toEqual([{ sn, kind: 'pay_success', status: 'sent', channel: 'template' }]);
    const inbox = await settledInbox(emulator, shopper.openid, 1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.form_id).toBe(formId);
    const log = await shop.noticeLog(sn);
    expect(log.map((e) => e.errcode ?? null)).toEqual([-1, -1, null, 0]);
    expect(log[2]!.errmsg).toContain('HTTP 503');
    // Each failed attempt gave its use back, so the formId carried the notice in the end.
    expect(log.every((e) => e.credentialKind === 'form_id')).toBe(true);
    expect(log.map((e) => e.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('an expired access token is refreshed by the SDK and the notice goes out in one attempt', async () => {
    await emulator.post('/sim/faults', { endpoint: 'template_send', errcode: 42001, count: 1 });
    const { shopper, sn } = await paidOrderWithFormId();
    expect(await settledInbox(emulator, shopper.openid, 1)).toHaveLength(1);
    expect((await shop.noticeLog(sn)).map((e) => e.errcode)).toEqual([0]);
  });

  it('a notice that keeps failing is given up after the last round, and its formId is not lost', async () => {
    await emulator.post('/sim/faults', { endpoint: 'template_send', errcode: 45009, count: 4 });
    const { shopper, sn, formId } = await paidOrderWithFormId();
    const failed = await waitFor(async () => {
      const o = await shop.getOrder(shopper, sn);
      return o.notices[0]?.status === 'failed' ? o.notices[0] : undefined;
    }, 'the notice to fail');
    expect(failed).toMatchObject({ status: 'failed', errcode: 45009 });
    expect((await shop.noticeLog(sn)).map((e) => e.errcode)).toEqual([45009, 45009, 45009, 45009]);
    const credential = await shop.app.db
      .selectFrom('notice_credentials')
      .select(['uses_left', 'retired_at'])
      .where('value', '=', formId)
      .executeTakeFirstOrThrow();
    expect(credential).toEqual({ uses_left: 1, retired_at: null });
    expect(await emulator.inbox(shopper.openid)).toEqual([]);
  });

  it('closing the app while a notice waits for its retry stops the worker promptly', async () => {
    await emulator.post('/sim/faults', { endpoint: 'template_send', errcode: -1, count: 1 });
    const { sn } = await paidOrderWithFormId();
    await waitFor(async () => ((await shop.noticeLog(sn)).length > 0 ? true : undefined), 'a failed attempt');
    const started = Date.now();
    await shop.close();
    closed = true;
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
