import type { Order } from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helper.js';
import {
  ADMIN,
  type Emulator,
  openShop,
  type Shop,
  type Shopper,
  startEmulator,
  waitFor,
} from '../support/shop.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

let keySeq = 0;
const newKey = () => `refund-key-${Date.now()}-${keySeq++}`;

describe.each(DATABASES)('refunds on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop(emulator, flavour);
  });
  afterAll(() => shop.close());

  async function paidOrder(): Promise<{ shopper: Shopper; order: Order }> {
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    await shop.pay(payment);
    return { shopper, order: await shop.waitForStatus(shopper, order.sn, 'paid') };
  }

  const refund = (sn: string, body: object, key: string | null = newKey()) =>
    shop.app.inject({
      method: 'POST',
      url: `/admin/orders/${sn}/refunds`,
      headers: { ...ADMIN, ...(key === null ? {} : { 'idempotency-key': key }) },
      payload: body,
    });

  it('refunds part, then the rest: refunding -> partially_refunded -> refunded, shown in GET /orders/:sn', async () => {
    const { shopper, order } = await paidOrder();
    const first = await refund(order.sn, { amountFen: 500, reason: '少发一包' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      order: { status: 'refunding' },
      refund: { amountFen: 500, reason: '少发一包', status: 'processing' },
    });
    const partial = await shop.waitForStatus(shopper, order.sn, 'partially_refunded');
    expect(partial).toMatchObject({ refundedFen: 500, refunds: [{ amountFen: 500, status: 'succeeded' }] });

    expect((await refund(order.sn, { amountFen: order.totalFen - 500 })).statusCode).toBe(200);
    const full = await shop.waitForStatus(shopper, order.sn, 'refunded');
    expect(full.refundedFen).toBe(order.totalFen);
    expect(full.refunds?.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const listed = await shop.app.inject({
      method: 'GET',
      url: '/admin/orders?status=refunded',
      headers: ADMIN,
    });
    expect(listed.json().orders.map((o: Order) => o.sn)).toContain(order.sn);
  });

  it('a double click refunds once; the same key with another amount is 409', async () => {
    const { order } = await paidOrder();
    const key = newKey();
    const clicks = await Promise.all([1, 2, 3].map(() => refund(order.sn, { amountFen: 100 }, key)));
    expect(clicks.map((c) => c.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(clicks.map((c) => c.json().refund.outRefundNo)).size).toBe(1);
    const atWechat = await emulator.get<{ out_trade_no: string }[]>('/sim/pay/refunds');
    expect(atWechat.filter((r) => r.out_trade_no === order.sn)).toHaveLength(1);

    const changed = await refund(order.sn, { amountFen: 200 }, key);
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('never refunds more than was paid, and refuses unpaid orders and requests without a key', async () => {
    const { order } = await paidOrder();
    const over = await refund(order.sn, { amountFen: order.totalFen + 1 });
    expect([over.statusCode, over.json().code]).toEqual([409, 'REFUND_EXCEEDS_PAID']);
    expect((await refund(order.sn, { amountFen: order.totalFen - 1 })).statusCode).toBe(200);
    const rest = await refund(order.sn, { amountFen: 2 });
    expect(rest.json()).toMatchObject({
      code: 'REFUND_EXCEEDS_PAID',
      message: expect.stringContaining('(1 fen)'),
    });

    const shopper = await shop.login();
    const unpaid = (await shop.order(shopper)).order;
    expect((await refund(unpaid.sn, { amountFen: 1 })).json()).toMatchObject({
      code: 'ORDER_NOT_REFUNDABLE',
    });
    const noKey = await refund(order.sn, { amountFen: 1 }, null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().message).toContain('idempotency-key');
    const anonymous = await shop.app.inject({
      method: 'POST',
      url: `/admin/orders/${order.sn}/refunds`,
      headers: { 'idempotency-key': newKey() },
      payload: { amountFen: 1 },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('NOT_ENOUGH at WeChat Pay is a 409 and leaves the order paid; an ABNORMAL refund gives nothing back', async () => {
    const { shopper, order } = await paidOrder();
    await emulator.post('/sim/pay/faults', { refundNotEnough: true });
    const refused = await refund(order.sn, { amountFen: 100 });
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'REFUND_REFUSED']);
    expect(refused.json().message).toContain('NOT_ENOUGH');
    expect((await shop.getOrder(shopper, order.sn)).status).toBe('paid');

    await emulator.post('/sim/pay/faults', { refundOutcome: 'ABNORMAL' });
    expect((await refund(order.sn, { amountFen: 100 })).statusCode).toBe(200);
    const settled = await waitFor(async () => {
      const view = await shop.getOrder(shopper, order.sn);
      return view.refunds?.some((r) => r.status === 'abnormal') ? view : undefined;
    }, 'the abnormal refund');
    expect(settled).toMatchObject({ status: 'paid', refundedFen: 0 });
  });
});
