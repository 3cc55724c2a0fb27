import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helper.js';
import { type Emulator, openShop, type Shop, settledInbox, startEmulator } from '../support/shop.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe.each(DATABASES)('checkout on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop(emulator, flavour);
  });
  afterAll(() => shop.close());

  it('login, order, pay: the payment-success notice reaches the shopper once, with the order data', async () => {
    const shopper = await shop.login();
    const [formId] = (await emulator.post<{ formIds: string[] }>('/sim/form-ids', { openid: shopper.openid }))
      .formIds;
    const { order, payment } = await shop.order(shopper, {
      formId,
      items: [
        { sku: 'coffee-beans-500g', quantity: 1 },
        { sku: 'drip-bags-10', quantity: 2 },
      ],
    });
    expect(order).toMatchObject({ status: 'unpaid', totalFen: 8800 + 2 * 3900, notices: [] });
    expect(payment).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=wx/) });

    expect((await shop.pay(payment)).errMsg).toBe('requestPayment:ok');
    await shop.waitForStatus(shopper, order.sn, 'paid');
    const res = await shop.app.inject({
      method: 'POST',
      url: '/wx/sendTemplatePaySuccess',
      headers: shopper.headers,
      payload: { sn: order.sn, form_id: formId },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sn: order.sn, kind: 'pay_success', status: 'sent', channel: 'template' });

    const inbox = await settledInbox(emulator, shopper.openid, 1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ channel: 'template', form_id: formId, title: '订单支付成功通知' });
    expect(inbox[0]!.data).toMatchObject({
      keyword1: { value: order.sn },
      keyword2: { value: '166.00元' },
      keyword3: { value: '云南小粒咖啡豆 500g 等3件' },
    });
    const after = await shop.getOrder(shopper, order.sn);
    expect(after.notices).toEqual([
      { sn: order.sn, kind: 'pay_success', status: 'sent', channel: 'template' },
    ]);
  });

  it('the app asking before the payment notification arrives gets the one notice the payment triggers', async () => {
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    // The app's call waits for the payment; the emulator's notification arrives while it waits.
    const asked = shop.app.inject({
      method: 'POST',
      url: '/wx/sendTemplatePaySuccess',
      headers: { ...shopper.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `sn=${order.sn}`,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await shop.pay(payment);
    const res = await asked;
    expect(res.statusCode).toBe(200);
    // No formId: the order's prepay_id (usable once paid) carried it.
    expect(res.json()).toMatchObject({ sn: order.sn, status: 'sent', channel: 'template' });
    const inbox = await settledInbox(emulator, shopper.openid, 1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.form_id).toBe(payment.package.replace('prepay_id=', ''));
  });

  it('the payment notification first: the app’s later call answers the same outcome, nothing is sent twice', async () => {
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    await shop.pay(payment);
    await shop.waitForStatus(shopper, order.sn, 'paid');
    const first = await settledInbox(emulator, shopper.openid, 1);
    expect(first).toHaveLength(1);
    for (let i = 0; i < 2; i++) {
      const res = await shop.app.inject({
        method: 'POST',
        url: '/wx/sendTemplatePaySuccess',
        headers: shopper.headers,
        payload: { sn: order.sn },
      });
      expect(res.json()).toEqual({ sn: order.sn, kind: 'pay_success', status: 'sent', channel: 'template' });
    }
    expect(await emulator.inbox(shopper.openid)).toHaveLength(1);
  });

  it('another shopper’s order number answers 404 on every shopper route', async () => {
    const owner = await shop.login();
    const other = await shop.login();
    const { order, payment } = await shop.order(owner);
    await shop.pay(payment);
    await shop.waitForStatus(owner, order.sn, 'paid');
    const calls = [
      { method: 'GET' as const, url: `/orders/${order.sn}` },
      { method: 'POST' as const, url: `/orders/${order.sn}/payment` },
      { method: 'POST' as const, url: '/wx/sendTemplatePaySuccess', payload: { sn: order.sn } },
    ];
    for (const call of calls) {
      const res = await shop.app.inject({ ...call, headers: other.headers });
      expect(res.statusCode, call.url).toBe(404);
      expect(res.json()).toMatchObject({ code: 'ORDER_NOT_FOUND', message: `order ${order.sn} not found` });
    }
    const list = await shop.app.inject({ method: 'GET', url: '/orders', headers: other.headers });
    expect(list.json().orders).toEqual([]);
  });

  it('a price the client tries to set is refused; the catalog price is what gets charged', async () => {
    const shopper = await shop.login();
    const refused = await shop.app.inject({
      method: 'POST',
      url: '/orders',
      headers: shopper.headers,
      payload: { items: [{ sku: 'green-tea-gift', quantity: 1, priceFen: 1 }], totalFen: 1 },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/unknown property "(items\.0\.priceFen|totalFen)"/);
    const { order } = await shop.order(shopper, { items: [{ sku: 'green-tea-gift', quantity: 1 }] });
    expect(order.totalFen).toBe(26800);
    expect(order.lines).toEqual([
      { sku: 'green-tea-gift', name: '西湖龙井礼盒', priceFen: 26800, quantity: 1 },
    ]);
    const orders = await shop.app.inject({ method: 'GET', url: '/orders', headers: shopper.headers });
    expect(orders.json().orders.map((o: { sn: string }) => o.sn)).toEqual([order.sn]);
  });

  it('an unknown sku, a missing session and the devtools mock formId are handled', async () => {
    const shopper = await shop.login();
    const unknown = await shop.app.inject({
      method: 'POST',
      url: '/orders',
      headers: shopper.headers,
      payload: { items: [{ sku: 'no-such-thing', quantity: 1 }] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: 'UNKNOWN_SKU',
      message: expect.stringContaining('no-such-thing'),
    });
    const anonymous = await shop.app.inject({ method: 'GET', url: '/orders' });
    expect(anonymous.statusCode).toBe(401);

    const mock = await shop.app.inject({
      method: 'POST',
      url: '/formids',
      headers: shopper.headers,
      payload: { formIds: ['the formId is a mock one'] },
    });
    expect(mock.json()).toEqual({ stored: 0, ignored: 1 });
  });

  it('a bad login code answers 400 naming it; the catalog lists integer fen prices', async () => {
    const res = await shop.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { code: 'not-a-code' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'LOGIN_CODE_INVALID' });
    const catalog = await shop.app.inject({ method: 'GET', url: '/catalog' });
    const items = catalog.json().items as { priceFen: number; name: string }[];
    expect(items.length).toBeGreaterThanOrEqual(5);
    for (const item of items) expect(Number.isInteger(item.priceFen)).toBe(true);
  });

  it('POST /orders/:sn/payment re-signs an unpaid order and refuses a paid one', async () => {
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    const again = await shop.app.inject({
      method: 'POST',
      url: `/orders/${order.sn}/payment`,
      headers: shopper.headers,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().package).toBe(payment.package);
    expect((await shop.pay(again.json())).errMsg).toBe('requestPayment:ok');
    await shop.waitForStatus(shopper, order.sn, 'paid');
    const paid = await shop.app.inject({
      method: 'POST',
      url: `/orders/${order.sn}/payment`,
      headers: shopper.headers,
    });
    expect(paid.statusCode).toBe(409);
    expect(paid.json().code).toBe('ORDER_NOT_PAYABLE');
  });

  it('WeChat Pay failing the prepay answers 502 without internals; the order can be paid again later', async () => {
    const shopper = await shop.login();
    await emulator.post('/sim/faults', { endpoint: 'pay_jsapi', status: 500, count: 1 });
    const failed = await shop.app.inject({
      method: 'POST',
      url: '/orders',
      headers: shopper.headers,
      payload: { items: [{ sku: 'ceramic-mug', quantity: 1 }] },
    });
    expect(failed.statusCode).toBe(502);
    expect(failed.json()).toEqual({
      statusCode: 502,
      error: 'Internal Server Error',
      message: 'Internal Server Error',
    });
    const [order] = (
      await shop.app.inject({ method: 'GET', url: '/orders', headers: shopper.headers })
    ).json().orders as { sn: string; status: string }[];
    expect(order).toMatchObject({ status: 'unpaid' });
    const retry = await shop.app.inject({
      method: 'POST',
      url: `/orders/${order!.sn}/payment`,
      headers: shopper.headers,
    });
    expect(retry.statusCode).toBe(200);
    expect((await shop.pay(retry.json())).errMsg).toBe('requestPayment:ok');
    await shop.waitForStatus(shopper, order!.sn, 'paid');
  });
});
