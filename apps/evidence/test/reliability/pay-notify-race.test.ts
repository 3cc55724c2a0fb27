// The same payment notification three times at once, one copy to each of three BFF processes (WeChat
// Pay retries, a load balancer spreads them): the order changes state once, and one notice goes out.

import { describe, expect, it } from 'vitest';
import { ADMIN, call } from '../support/bff-process.js';
import { useCluster } from '../support/cluster.js';
import { postNotification, signNotification, transactionFor } from '../support/pay-notification.js';
import { login, order } from '../support/shopper.js';
import { pool, sleep, waitFor } from '../support/wait.js';

const ORDERS = 20;

describe('one payment notification delivered three times concurrently to three BFF processes', () => {
  const world = useCluster('paynotify', 3);

  it('marks each order paid once and sends one payment-success notice', async () => {
    const entry = world.cluster[0]!;
    const orders = await pool(Array.from({ length: ORDERS }), 4, async () => {
      const shopper = await login(world.emulator, entry.url);
      const { formIds } = await world.emulator.post<{ formIds: string[] }>('/sim/form-ids', {
        openid: shopper.openid,
      });
      const created = await order(entry.url, shopper, undefined, formIds[0]);
      return {
        shopper,
        sn: created.order.sn,
        notification: signNotification(
          world.emulator.keys,
          transactionFor(world.emulator.keys, created.order, shopper.openid),
        ),
      };
    });

    const replies = await Promise.all(
      orders.flatMap(({ notification }) =>
        world.cluster.map((instance) => postNotification(instance.url, notification)),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 204));

    for (const { shopper, sn } of orders) {
      const view = await waitFor(
        async () => {
          const current = await call<{ status: string; notices: { status: string }[] }>(
            `${entry.url}/orders/${sn}`,
            { headers: shopper.headers },
          );
          return current.notices[0]?.status === 'sent' ? current : undefined;
        },
        `the notice of ${sn}`,
        60_000,
      );
      expect(view.status).toBe('paid');
      expect(view.notices).toHaveLength(1);
    }
    await sleep(1000); // time for a duplicate notice to show up, if one were coming
    for (const { shopper, sn } of orders) {
      const inbox = await world.emulator.inbox(shopper.openid);
      expect(inbox, `inbox of the shopper of ${sn}`).toHaveLength(1);
      const log = await call<{ notices: { errcode: number | null }[] }>(
        `${entry.url}/admin/notices?sn=${sn}`,
        { headers: ADMIN },
      );
      expect(log.notices.map((n) => n.errcode)).toEqual([0]);
      // One state change: exactly one instance logged "order paid" for this order.
      const paidLines = world.cluster.flatMap((instance) =>
        instance
          .output()
          .split('\n')
          .filter((line) => line.includes('"order paid"') && line.includes(sn)),
      );
      expect(paidLines, `"order paid" lines for ${sn}`).toHaveLength(1);
    }
    const rows = await world.database.query<{ n: string }>(
      `SELECT count(*) AS n FROM notices WHERE kind = 'pay_success'`,
    );
    expect(Number(rows[0]?.n)).toBe(ORDERS);
    for (const instance of world.cluster) expect(instance.unexpectedExits()).toEqual([]);
  });
});
