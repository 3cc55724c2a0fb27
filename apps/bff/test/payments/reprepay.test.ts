// A prepay_id is payable for 2 hours. An unpaid order asked to pay after that gets a new prepay from
// WeChat Pay (same out_trade_no, same time_expire), and only the latest prepay_id pays, as on WeChat Pay.
// (An unpaid order past its time_expire being closed is pinned in reconcile.test.ts.)

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helper.js';
import { type Emulator, openShop, type Shop, startEmulator } from '../support/shop.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const prepayIdOf = (payment: { package: string }) => payment.package.replace('prepay_id=', '');

describe.each(DATABASES)('re-prepay after the 2 h prepay_id window on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    await emulator.post('/sim/reset', {});
    // A 4 h payment window, so the order is still payable when its first prepay_id is not.
    shop = await openShop(emulator, flavour, { env: { PAY_ORDER_EXPIRE_MIN: '240' } });
  });
  afterAll(() => shop.close());

  it('returns the latest prepay_id for an unpaid order; the stale one no longer pays', async () => {
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    const first = prepayIdOf(payment);

    // Two hours pass on both sides: WeChat Pay's clock, and the BFF's record of the prepay.
    await emulator.post('/sim/clock/advance', { seconds: 2 * 3600 + 60 });
    await sql`UPDATE orders SET prepaid_at = prepaid_at - interval '2 hours 1 minute'
      WHERE sn = ${order.sn}`.execute(shop.app.db);

    const again = await shop.app.inject({
      method: 'POST',
      url: `/orders/${order.sn}/payment`,
      headers: shopper.headers,
    });
    expect(again.statusCode).toBe(200);
    const latest = prepayIdOf(again.json());
    expect(latest).toMatch(/^wx/);
    expect(latest).not.toBe(first);
    const stored = await sql<{
      prepay_id: string;
    }>`SELECT prepay_id FROM orders WHERE sn = ${order.sn}`.execute(shop.app.db);
    expect(stored.rows[0]?.prepay_id).toBe(latest);

    // Asked again within the new window: the same latest prepay_id, no new prepay.
    const repeat = await shop.app.inject({
      method: 'POST',
      url: `/orders/${order.sn}/payment`,
      headers: shopper.headers,
    });
    expect(prepayIdOf(repeat.json())).toBe(latest);

    expect((await shop.pay(payment)).errMsg).toBe('requestPayment:fail prepay_id expired');
    expect((await shop.getOrder(shopper, order.sn)).status).toBe('unpaid');
    expect((await shop.pay(again.json())).errMsg).toBe('requestPayment:ok');
    await shop.waitForStatus(shopper, order.sn, 'paid');
  });
});
