import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helper.js';
import { ADMIN, type Emulator, openShop, type Shop, settledInbox, startEmulator } from '../support/shop.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe.each(DATABASES)('admin order routes on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop(emulator, flavour);
  });
  afterAll(() => shop.close());

  it('need the admin token', async () => {
    for (const [method, url] of [
      ['GET', '/admin/orders'],
      ['GET', '/admin/notices'],
      ['POST', '/admin/orders/20260101000000000001/ship'],
    ] as const) {
      const res = await shop.app.inject({
        method,
        url,
        headers: { authorization: 'Bearer not-the-admin-token' },
        ...(method === 'POST' ? { payload: { carrier: 'x', trackingNo: 'SF0001' } } : {}),
      });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code).toBe('ADMIN_REQUIRED');
    }
  });

  it('refuse a request without a token before reading its body: 401, not a 400 about the body', async () => {
    for (const [url, code] of [
      ['/admin/orders/not-an-order-number/ship', 'ADMIN_REQUIRED'],
      ['/admin/triggers', 'ADMIN_REQUIRED'],
      ['/orders', 'SESSION_REQUIRED'],
      ['/subscriptions', 'SESSION_REQUIRED'],
      ['/formids', 'SESSION_REQUIRED'],
      ['/wx/sendTemplatePaySuccess', 'SESSION_REQUIRED'],
    ] as const) {
      const res = await shop.app.inject({ method: 'POST', url, payload: { unexpected: ['not', 'valid'] } });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code, url).toBe(code);
    }
  });

  it('ship: unknown 404, unpaid 409, paid -> shipped notice, same shipment again answers it, another 409', async () => {
    const ship = (sn: string, trackingNo = 'SF1234567890') =>
      shop.app.inject({
        method: 'POST',
        url: `/admin/orders/${sn}/ship`,
        headers: ADMIN,
        payload: { carrier: '顺丰速运', trackingNo },
      });
    expect((await ship('NOSUCHORDER1')).json()).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    const unpaid = await ship(order.sn);
    expect(unpaid.statusCode).toBe(409);
    expect(unpaid.json()).toMatchObject({
      code: 'ORDER_NOT_SHIPPABLE',
      message: `order ${order.sn} is unpaid; only a paid order can be shipped`,
    });

    await shop.pay(payment);
    await settledInbox(emulator, shopper.openid, 1);
    const shipped = await ship(order.sn);
    expect(shipped.statusCode).toBe(200);
    expect(shipped.json().order).toMatchObject({
      status: 'shipped',
      carrier: '顺丰速运',
      trackingNo: 'SF1234567890',
    });
    expect(shipped.json().notice).toEqual({
      sn: order.sn,
      kind: 'shipped',
      status: 'sent',
      channel: 'template',
    });
    const again = await ship(order.sn);
    expect(again.json().notice).toEqual(shipped.json().notice);
    const other = await ship(order.sn, 'YT0000000001');
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('ORDER_ALREADY_SHIPPED');
    const inbox = await settledInbox(emulator, shopper.openid, 2);
    expect(inbox.map((m) => m.title)).toEqual(['订单支付成功通知', '订单发货通知']);
    expect(inbox[1]!.data).toMatchObject({ keyword3: { value: 'SF1234567890' } });

    const bad = await shop.app.inject({
      method: 'POST',
      url: `/admin/orders/${order.sn}/ship`,
      headers: ADMIN,
      payload: { carrier: '顺丰速运', trackingNo: 'no spaces allowed' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('trackingNo');
  });

  it('GET /admin/orders filters by status with masked openids; GET /admin/notices is the attempt log', async () => {
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    await shop.pay(payment);
    await settledInbox(emulator, shopper.openid, 1);

    const paid = await shop.app.inject({
      method: 'GET',
      url: '/admin/orders?status=paid&limit=200',
      headers: ADMIN,
    });
    expect(paid.statusCode).toBe(200);
    const listed = paid.json().orders.find((o: { sn: string }) => o.sn === order.sn);
    expect(listed).toMatchObject({ status: 'paid', totalFen: order.totalFen });
    expect(listed.openidMasked).toBe(`${shopper.openid.slice(0, 4)}****${shopper.openid.slice(-4)}`);
    expect(JSON.stringify(paid.json())).not.toContain(shopper.openid);
    expect(paid.json().orders.every((o: { status: string }) => o.status === 'paid')).toBe(true);

    const log = await shop.app.inject({
      method: 'GET',
      url: `/admin/notices?sn=${order.sn}&kind=pay_success`,
      headers: ADMIN,
    });
    expect(log.json()).toMatchObject({
      total: 1,
      notices: [
        {
          sn: order.sn,
          kind: 'pay_success',
          channel: 'template',
          credentialKind: 'prepay_id',
          attempt: 1,
          errcode: 0,
        },
      ],
    });
    expect(Date.parse(log.json().notices[0].at)).not.toBeNaN();
  });
});
