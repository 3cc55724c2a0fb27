import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helper.js';
import {
  type NotificationOptions,
  signedNotification,
  type Transaction,
} from '../support/pay-notification.js';
import {
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

const notification = (tx: Transaction, options?: NotificationOptions) =>
  signedNotification(emulator, tx, options);

describe.each(DATABASES)('POST /pay/notify on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop(emulator, flavour);
  });
  afterAll(() => shop.close());

  async function unpaidOrder(): Promise<{ shopper: Shopper; sn: string; tx: Transaction }> {
    const shopper = await shop.login();
    // The emulator does not know these orders are paid, so notices go out with the order's formId.
    const { formIds } = await emulator.post<{ formIds: string[] }>('/sim/form-ids', {
      openid: shopper.openid,
    });
    const { order } = await shop.order(shopper, { formId: formIds[0] });
    const tx: Transaction = {
      appid: shop.appid,
      mchid: emulator.env.WECHATPAY_MCHID,
      out_trade_no: order.sn,
      transaction_id: `4200${Date.now()}${randomBytes(4).toString('hex')}`,
      trade_state: 'SUCCESS',
      success_time: new Date().toISOString(),
      payer: { openid: shopper.openid },
      amount: { total: order.totalFen, payer_total: order.totalFen, currency: 'CNY' },
    };
    return { shopper, sn: order.sn, tx };
  }

  const post = (n: { body: string; headers: Record<string, string> }) =>
    shop.app.inject({ method: 'POST', url: '/pay/notify', headers: n.headers, payload: n.body });

  it('a duplicate notification is harmless: paid once, one notice', async () => {
    const { shopper, sn, tx } = await unpaidOrder();
    const first = await post(notification(tx));
    expect(first.statusCode).toBe(204);
    const paid = await shop.getOrder(shopper, sn);
    expect(paid.status).toBe('paid');
    for (let i = 0; i < 3; i++) expect((await post(notification(tx))).statusCode).toBe(204);
    const again = await shop.getOrder(shopper, sn);
    expect(again.paidAt).toBe(paid.paidAt);
    expect(await settledInbox(emulator, shopper.openid, 1)).toHaveLength(1);
    expect((await shop.noticeLog(sn)).map((e) => e.errcode)).toEqual([0]);
  });

  it('a tampered body fails the signature check (401 FAIL) and the order stays unpaid', async () => {
    const { shopper, sn, tx } = await unpaidOrder();
    const n = notification(tx);
    const res = await post({ ...n, body: n.body.replace('支付成功', '支付成功 ') });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'FAIL', message: 'signature check failed: SIGNATURE_INVALID' });
    expect((await shop.getOrder(shopper, sn)).status).toBe('unpaid');
  });

  it.each([
    [
      'amount',
      (tx: Transaction) => ({ ...tx, amount: { ...tx.amount, total: 1, payer_total: 1 } }),
      400,
      /amount/,
    ],
    ['appid', (tx: Transaction) => ({ ...tx, appid: 'wx0000000000000bad' }), 400, /appid/],
    ['mchid', (tx: Transaction) => ({ ...tx, mchid: '1999999999' }), 400, /mchid/],
    ['payer', (tx: Transaction) => ({ ...tx, payer: { openid: 'o-someone-else' } }), 400, /payer/],
    ['out_trade_no', (tx: Transaction) => ({ ...tx, out_trade_no: 'NOSUCHORDER01' }), 404, /out_trade_no/],
  ])(
    'a correctly signed notification with the wrong %s is refused and nothing is paid',
    async (_f, change, status, message) => {
      const { shopper, sn, tx } = await unpaidOrder();
      const res = await post(notification(change(tx)));
      expect(res.statusCode).toBe(status);
      expect(res.json()).toMatchObject({ code: 'FAIL', message: expect.stringMatching(message) });
      expect((await shop.getOrder(shopper, sn)).status).toBe('unpaid');
      // The genuine notification still goes through afterwards.
      expect((await post(notification(tx))).statusCode).toBe(204);
      expect((await shop.getOrder(shopper, sn)).status).toBe('paid');
    },
  );

  it('a stale timestamp, an unknown key serial or a non-JSON body are refused with FAIL', async () => {
    const { shopper, sn, tx } = await unpaidOrder();
    const stale = await post(notification(tx, { timestamp: Math.floor(Date.now() / 1000) - 3600 }));
    expect(stale.statusCode).toBe(401);
    expect(stale.json().message).toContain('STALE_TIMESTAMP');
    const serial = await post(notification(tx, { serial: 'PUB_KEY_ID_UNKNOWN' }));
    expect(serial.statusCode).toBe(401);
    expect(serial.json().message).toContain('UNKNOWN_SERIAL');
    const form = await shop.app.inject({
      method: 'POST',
      url: '/pay/notify',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().code).toBe('FAIL');
    expect((await shop.getOrder(shopper, sn)).status).toBe('unpaid');
  });
});
