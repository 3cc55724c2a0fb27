// Lost payment notifications: 200 orders paid while WeChat Pay's notifications never arrive (a proxy
// eats them). Reconciliation finds every payment by querying the order (PAY_RECONCILE_AFTER_S=1), on one
// BFF process and on three sharing one PostgreSQL; each payment-success notice goes out exactly once.

import { describe, expect, it } from 'vitest';
import type { BffProcess } from '../support/bff-process.js';
import { type ClusterWorld, useCluster } from '../support/cluster.js';
import { getOrder, login, order, pay, type Shopper } from '../support/shopper.js';
import { percentile, pool, sleep, waitFor } from '../support/wait.js';

const ORDERS = 200;
const RECONCILE = { PAY_RECONCILE_AFTER_S: '1' };

async function lostNotifications(world: ClusterWorld, label: string): Promise<void> {
  const instances: readonly BffProcess[] = world.cluster;
  const placed = await pool(Array.from({ length: ORDERS }), 8, async (_item, index) => {
    const entry = instances[index % instances.length]!;
    const shopper: Shopper = await login(world.emulator, entry.url);
    const { formIds } = await world.emulator.post<{ formIds: string[] }>('/sim/form-ids', {
      openid: shopper.openid,
    });
    const created = await order(entry.url, shopper, undefined, formIds[0]);
    return { shopper, entry, created };
  });
  await world.emulator.post('/sim/pay/faults', { notifications: 'drop', count: ORDERS });
  const paidAt = new Map<string, number>();
  await pool(placed, 8, async ({ created }) => {
    expect((await pay(world.emulator, created.payment)).errMsg).toBe('requestPayment:ok');
    paidAt.set(created.order.sn, Date.now());
  });

  const found: number[] = [];
  await pool(placed, 8, async ({ shopper, entry, created }) => {
    await waitFor(
      async () =>
        (await getOrder(entry.url, shopper, created.order.sn)).status === 'paid' ? true : undefined,
      `order ${created.order.sn} to be paid by reconciliation`,
      120_000,
      200,
    );
    found.push(Date.now() - paidAt.get(created.order.sn)!);
  });
  const attempts = await world.emulator.get<{ ok: boolean; error?: string }[]>('/sim/pay/notifications');
  expect(attempts.filter((a) => a.ok)).toHaveLength(0);

  await waitFor(
    async () => {
      const rows = await world.database.query<{ n: string }>(
        `SELECT count(*) AS n FROM notices WHERE kind = 'pay_success' AND status = 'sent'`,
      );
      return Number(rows[0]?.n) === ORDERS ? true : undefined;
    },
    'every payment-success notice to be sent',
    120_000,
    250,
  );
  await sleep(1000); // time for a duplicate notice to show up, if one were coming
  for (const { shopper, created } of placed) {
    expect(await world.emulator.inbox(shopper.openid), `inbox of ${created.order.sn}`).toHaveLength(1);
  }
  const sends = await world.database.query<{ n: string }>(
    `SELECT count(*) AS n FROM notice_log WHERE errcode = 0`,
  );
  expect(Number(sends[0]?.n)).toBe(ORDERS);
  const reconciled = instances.flatMap((instance) =>
    instance
      .output()
      .split('\n')
      .filter((line) => line.includes('found by reconciliation')),
  );
  expect(reconciled).toHaveLength(ORDERS);
  for (const instance of instances) expect(instance.unexpectedExits()).toEqual([]);
  console.log(
    `reconciliation (${label}): ${ORDERS} orders, notifications dropped; paid after p50 ${percentile(found, 50)} ms, ` +
      `p95 ${percentile(found, 95)} ms, max ${Math.max(...found)} ms; ${ORDERS} notices, 0 duplicates`,
  );
}

describe('payments whose notifications are all lost', () => {
  describe('one BFF process', () => {
    const world = useCluster('reconcile1', 1, RECONCILE);
    it('pays every order by reconciliation, one notice each', () => lostNotifications(world, '1 process'));
  });

  describe('three BFF processes on one PostgreSQL', () => {
    const world = useCluster('reconcile3', 3, RECONCILE);
    it('pays every order by reconciliation exactly once, one notice each', () =>
      lostNotifications(world, '3 processes'));
  });
});
