// A refund storm: the same refund (one Idempotency-Key) requested 10 times at once, spread over three
// BFF processes on one PostgreSQL, as an impatient merchant's double clicks and a retrying proxy would.
// WeChat Pay sees one refund. Then 10 different full refunds of one order at once: one is accepted.

import { describe, expect, it } from 'vitest';
import { ADMIN } from '../support/bff-process.js';
import { useCluster } from '../support/cluster.js';
import { getOrder, login, order, pay } from '../support/shopper.js';
import { waitFor } from '../support/wait.js';

const CLICKS = 10;

describe('a refund storm across three BFF processes', () => {
  const world = useCluster('refunds', 3);

  async function paidOrder() {
    const entry = world.cluster[0]!;
    const shopper = await login(world.emulator, entry.url);
    const created = await order(entry.url, shopper);
    await pay(world.emulator, created.payment);
    await waitFor(
      async () =>
        (await getOrder(entry.url, shopper, created.order.sn)).status === 'paid' ? true : undefined,
      'the order to be paid',
      60_000,
    );
    return { shopper, sn: created.order.sn, totalFen: created.order.totalFen };
  }

  const refund = (index: number, sn: string, key: string, amountFen: number) =>
    fetch(`${world.cluster[index % world.cluster.length]!.url}/admin/orders/${sn}/refunds`, {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ amountFen, reason: '重复点击' }),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { refund: { outRefundNo: string }; code?: string },
    }));

  it('refunds once at WeChat Pay for 10 concurrent requests with one Idempotency-Key', async () => {
    const { sn, totalFen } = await paidOrder();
    const replies = await Promise.all(
      Array.from({ length: CLICKS }, (_, i) => refund(i, sn, `storm-${sn}`, totalFen)),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    expect(new Set(replies.map((r) => r.body.refund.outRefundNo)).size).toBe(1);
    const atWechat = await world.emulator.get<{ out_trade_no: string }[]>('/sim/pay/refunds');
    expect(atWechat.filter((r) => r.out_trade_no === sn)).toHaveLength(1);
    const rows = await world.database.query<{ n: string }>(
      `SELECT count(*) AS n FROM refunds WHERE order_sn = '${sn}'`,
    );
    expect(Number(rows[0]?.n)).toBe(1);
    console.log(`refund storm: ${CLICKS} concurrent requests on 3 processes -> 1 refund at WeChat Pay`);
  });

  it('accepts one of 10 concurrent full refunds with different keys; the rest are 409', async () => {
    const { sn, totalFen } = await paidOrder();
    const replies = await Promise.all(
      Array.from({ length: CLICKS }, (_, i) => refund(i, sn, `distinct-${sn}-${i}`, totalFen)),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(
      Array.from({ length: CLICKS - 1 }, () => 'REFUND_EXCEEDS_PAID'),
    );
    const atWechat = await world.emulator.get<{ out_trade_no: string }[]>('/sim/pay/refunds');
    expect(atWechat.filter((r) => r.out_trade_no === sn)).toHaveLength(1);
    for (const instance of world.cluster) expect(instance.unexpectedExits()).toEqual([]);
  });
});
