import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helper.js';
import { signedNotification } from '../support/pay-notification.js';
import { type Emulator, openShop, type Shop, settledInbox, startEmulator, waitFor } from '../support/shop.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const FAST_RECONCILE = { pollIntervalMs: 50, leaseMs: 5000 };

describe.each(DATABASES)('payment reconciliation on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop(emulator, flavour, {
      env: { PAY_RECONCILE_AFTER_S: '1' },
      reconcile: FAST_RECONCILE,
    });
  });
  afterAll(() => shop.close());

  it('pays an order whose notification was lost, sends its notice once, and acks the late notification', async () => {
    const shopper = await shop.login();
    const { formIds } = await emulator.post<{ formIds: string[] }>('/sim/form-ids', {
      openid: shopper.openid,
    });
    const { order, payment } = await shop.order(shopper, { formId: formIds[0] });
    await emulator.post('/sim/pay/faults', { notifications: 'drop' });
    expect((await shop.pay(payment)).errMsg).toBe('requestPayment:ok');

    const paid = await shop.waitForStatus(shopper, order.sn, 'paid');
    expect(await settledInbox(emulator, shopper.openid, 1)).toHaveLength(1);

    // WeChat Pay's own (late) notification of the same payment changes nothing and is acknowledged.
    const queried = await shop.app.pay.queryOrder(order.sn);
    const late = signedNotification(emulator, {
      appid: shop.appid,
      mchid: emulator.env.WECHATPAY_MCHID,
      out_trade_no: order.sn,
      transaction_id: queried.transaction_id!,
      trade_state: 'SUCCESS',
      success_time: queried.success_time!,
      payer: { openid: shopper.openid },
      amount: { total: order.totalFen, payer_total: order.totalFen, currency: 'CNY' },
    });
    const res = await shop.app.inject({
      method: 'POST',
      url: '/pay/notify',
      headers: late.headers,
      payload: late.body,
    });
    expect(res.statusCode).toBe(204);
    expect(await shop.getOrder(shopper, order.sn)).toMatchObject({ status: 'paid', paidAt: paid.paidAt });
    expect(await settledInbox(emulator, shopper.openid, 1)).toHaveLength(1);
    expect((await shop.noticeLog(order.sn)).map((e) => e.errcode)).toEqual([0]);
  });

  it('closes an unpaid order past its window at WeChat Pay and locally; it cannot be paid after', async () => {
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    await sql`UPDATE orders SET expires_at = now() - interval '1 second', reconcile_at = now()
      WHERE sn = ${order.sn}`.execute(shop.app.db);

    await shop.waitForStatus(shopper, order.sn, 'closed');
    await expect(shop.app.pay.queryOrder(order.sn)).resolves.toMatchObject({ trade_state: 'CLOSED' });
    expect((await shop.pay(payment)).errMsg).toBe('requestPayment:fail order closed');
    const again = await shop.app.inject({
      method: 'POST',
      url: `/orders/${order.sn}/payment`,
      headers: shopper.headers,
    });
    expect(again.statusCode).toBe(409);
  });

  it('keeps asking on its schedule while the order stays unpaid and WeChat Pay fails', async () => {
    const shopper = await shop.login();
    const { order } = await shop.order(shopper);
    await emulator.post('/sim/faults', { endpoint: 'pay_query', status: 500, count: 1 });
    const rounds = () =>
      sql<{ reconcile_rounds: number }>`SELECT reconcile_rounds FROM orders WHERE sn = ${order.sn}`
        .execute(shop.app.db)
        .then((r) => r.rows[0]?.reconcile_rounds ?? 0);
    await waitFor(
      async () => ((await rounds()) >= 2 ? true : undefined),
      'two reconciliation rounds',
      15_000,
    );
    expect((await shop.getOrder(shopper, order.sn)).status).toBe('unpaid');
  });
});
