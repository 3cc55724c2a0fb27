import type { NoticeOutcome } from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoticeOutbox } from '../../src/notices/outbox.js';
import { DATABASES, freshDatabase } from '../helper.js';
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

describe.each(DATABASES)('a sender that dies holding a notice, on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    // No worker: the request path is the only live sender, so the takeover is observable.
    shop = await openShop(emulator, flavour, { notices: { worker: false } });
  });
  afterAll(() => shop.close());

  it('loses the notice when its lease runs out; its late result is not recorded', async () => {
    const shopper = await shop.login();
    const { order, payment } = await shop.order(shopper);
    await shop.pay(payment);
    await shop.waitForStatus(shopper, order.sn, 'paid');
    const dead = new NoticeOutbox(shop.app.db, 'dead-instance', 300);
    const [held] = await dead.claimDue(10);
    expect(held).toMatchObject({ order_sn: order.sn, status: 'sending', lease_owner: 'dead-instance' });

    const started = Date.now();
    const res = await shop.app.inject({
      method: 'POST',
      url: '/wx/sendTemplatePaySuccess',
      headers: shopper.headers,
      payload: { sn: order.sn },
    });
    expect(res.json()).toMatchObject({ status: 'sent', channel: 'template' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(
      await dead.settle(held!, {
        status: 'failed',
        channel: null,
        credentialKind: null,
        errcode: -1,
        errmsg: 'late',
      }),
    ).toBe(false);
    expect((await shop.getOrder(shopper, order.sn)).notices[0]?.status).toBe('sent');
    expect(await settledInbox(emulator, shopper.openid, 1)).toHaveLength(1);
  });
});

describe.each(DATABASES.filter((flavour) => flavour === 'postgres'))(
  'two BFF instances on one %s database (PostgreSQL-only: embedded PGlite serves one process by design)',
  (flavour) => {
    let a: Shop;
    let b: Shop;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const database = await freshDatabase(flavour);
      drop = database.drop;
      a = await openShop(emulator, flavour, { database: database.target });
      b = await openShop(emulator, flavour, { database: database.target });
    });
    afterAll(async () => {
      await a.close();
      await b.close();
      await drop();
    });

    const askPaySuccess = (shop: Shop, shopper: Shopper, sn: string) =>
      shop.app
        .inject({
          method: 'POST',
          url: '/wx/sendTemplatePaySuccess',
          headers: shopper.headers,
          payload: { sn },
        })
        .then((res) => res.json() as NoticeOutcome);

    it('racing the payment notification and the app’s calls on both instances: one notice', async () => {
      const tokensBefore = emulator.app.sim.stats.snapshot().calls.stable_token ?? 0;
      const shopper = await a.login();
      const [formId] = (
        await emulator.post<{ formIds: string[] }>('/sim/form-ids', { openid: shopper.openid })
      ).formIds;
      const { order, payment } = await a.order(shopper, { formId });
      const asks = [a, b, a, b, a, b].map((shop) => askPaySuccess(shop, shopper, order.sn));
      await a.pay(payment);
      const outcomes = await Promise.all(asks);
      for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'sent', channel: 'template' });
      expect(await settledInbox(emulator, shopper.openid, 1)).toHaveLength(1);
      expect((await a.noticeLog(order.sn)).map((e) => e.errcode)).toEqual([0]);
      // Both instances share one access token through the database.
      expect((emulator.app.sim.stats.snapshot().calls.stable_token ?? 0) - tokensBefore).toBe(1);
    });

    it('many shoppers paying at once with both workers polling: each gets exactly one notice', async () => {
      const shoppers = await Promise.all(Array.from({ length: 6 }, () => a.login()));
      const orders = await Promise.all(shoppers.map((s, i) => (i % 2 ? a : b).order(s)));
      await Promise.all(orders.map((o) => a.pay(o.payment)));
      for (const [i, shopper] of shoppers.entries()) {
        const inbox = await settledInbox(emulator, shopper.openid, 1);
        expect(inbox).toHaveLength(1);
        expect(inbox[0]!.data.keyword1?.value).toBe(orders[i]!.order.sn);
      }
    });

    it('shipping the same order on both instances at once sends one shipped notice', async () => {
      const shopper = await a.login();
      const { order, payment } = await a.order(shopper);
      await a.pay(payment);
      await settledInbox(emulator, shopper.openid, 1);
      const body = { carrier: '中通快递', trackingNo: 'ZT1234567890' };
      const replies = await Promise.all(
        [a, b].map((shop) =>
          shop.app.inject({
            method: 'POST',
            url: `/admin/orders/${order.sn}/ship`,
            headers: ADMIN,
            payload: body,
          }),
        ),
      );
      for (const reply of replies) {
        expect(reply.statusCode).toBe(200);
        expect(reply.json().notice).toMatchObject({ kind: 'shipped', status: 'sent' });
      }
      const inbox = await settledInbox(emulator, shopper.openid, 2);
      expect(inbox.map((m) => m.title)).toEqual(['订单支付成功通知', '订单发货通知']);
    });
  },
);
