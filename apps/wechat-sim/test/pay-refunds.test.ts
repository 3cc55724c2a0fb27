import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyAttempt } from '../src/app.js';
import {
  decryptAesGcm,
  newUser,
  orderBody,
  paidOrder,
  prepay,
  type RunningSim,
  startReceiver,
  startSim,
  waitFor,
} from './helpers.js';
import { payCall, signedByPlatform } from './pay-helpers.js';

let sim: RunningSim;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await sim?.close();
  await receiver?.close();
  receiver = undefined;
});

const REFUNDS = '/v3/refund/domestic/refunds';

async function paid(total = 1234) {
  const openid = await newUser(sim);
  const body = orderBody(sim, openid, { amount: { total, currency: 'CNY' } });
  await paidOrder(sim, openid, body);
  return body.out_trade_no;
}

const refundBody = (
  outTradeNo: string,
  outRefundNo: string,
  refund: number,
  extra: Record<string, unknown> = {},
) => ({
  out_trade_no: outTradeNo,
  out_refund_no: outRefundNo,
  reason: '商品缺货',
  amount: { refund, total: 1234, currency: 'CNY' },
  ...extra,
});

describe('POST /v3/refund/domestic/refunds', () => {
  it('accepts a refund as PROCESSING, settles it and POSTs a signed, encrypted REFUND.SUCCESS', async () => {
    sim = await startSim({ timeScale: 0.001 });
    receiver = await startReceiver(async () => ({ status: 200 }));
    const sn = await paid();
    const created = await payCall(
      sim,
      'POST',
      REFUNDS,
      refundBody(sn, 'RF-1', 400, { notify_url: `${receiver.url}/pay/refund-notify` }),
    );
    expect(created.status).toBe(200);
    expect(signedByPlatform(sim, created)).toBe(true);
    expect(created.json).toMatchObject({
      out_refund_no: 'RF-1',
      out_trade_no: sn,
      refund_id: expect.stringMatching(/^5000\d{25}$/),
      status: 'PROCESSING',
      amount: { refund: 400, total: 1234, currency: 'CNY' },
    });

    await waitFor(() => receiver!.received.length === 1);
    const notification = JSON.parse(receiver.received[0]!.body);
    expect(notification).toMatchObject({
      event_type: 'REFUND.SUCCESS',
      resource: { original_type: 'refund', associated_data: 'refund' },
    });
    expect(JSON.parse(decryptAesGcm(sim.keys.apiV3Key, notification.resource))).toMatchObject({
      out_trade_no: sn,
      out_refund_no: 'RF-1',
      refund_id: created.json.refund_id,
      refund_status: 'SUCCESS',
      amount: { total: 1234, refund: 400 },
    });
    const queried = await payCall(sim, 'GET', `${REFUNDS}/RF-1`);
    expect(queried.json).toMatchObject({ status: 'SUCCESS', success_time: expect.any(String) });
    const order = await payCall(
      sim,
      'GET',
      `/v3/pay/transactions/out-trade-no/${sn}?mchid=${sim.keys.merchant.mchid}`,
    );
    expect(order.json.trade_state).toBe('REFUND');
  });

  it('treats a retried out_refund_no as the same refund; a changed one is INVALID_REQUEST', async () => {
    sim = await startSim({ timeScale: 0.001 });
    const sn = await paid();
    const first = await payCall(sim, 'POST', REFUNDS, refundBody(sn, 'RF-2', 100));
    const retry = await payCall(sim, 'POST', REFUNDS, refundBody(sn, 'RF-2', 100));
    expect(retry.json.refund_id).toBe(first.json.refund_id);
    const changed = await payCall(sim, 'POST', REFUNDS, refundBody(sn, 'RF-2', 200));
    expect([changed.status, changed.json.code]).toEqual([400, 'INVALID_REQUEST']);
    expect(await sim.get<unknown[]>('/sim/pay/refunds')).toHaveLength(1);
  });

  it('never refunds more than was paid over several refunds', async () => {
    sim = await startSim({ timeScale: 0.001 });
    const sn = await paid();
    expect((await payCall(sim, 'POST', REFUNDS, refundBody(sn, 'RF-3a', 1000))).status).toBe(200);
    const over = await payCall(sim, 'POST', REFUNDS, refundBody(sn, 'RF-3b', 235));
    expect([over.status, over.json.code]).toEqual([400, 'INVALID_REQUEST']);
    expect((await payCall(sim, 'POST', REFUNDS, refundBody(sn, 'RF-3c', 234))).status).toBe(200);
  });

  it("answers WeChat's codes: unpaid INVALID_REQUEST, unknown RESOURCE_NOT_EXISTS, bad amount PARAM_ERROR, NOT_ENOUGH", async () => {
    sim = await startSim({ timeScale: 0.001 });
    const openid = await newUser(sim);
    const unpaid = orderBody(sim, openid);
    await prepay(sim, unpaid);
    const codes = async (body: unknown) => {
      const answer = await payCall(sim, 'POST', REFUNDS, body);
      return [answer.status, answer.json.code];
    };
    expect(await codes(refundBody(unpaid.out_trade_no, 'RF-4a', 1))).toEqual([400, 'INVALID_REQUEST']);
    expect(await codes(refundBody('NEVER00000004', 'RF-4b', 1))).toEqual([404, 'RESOURCE_NOT_EXISTS']);
    const sn = await paid();
    expect(await codes(refundBody(sn, 'RF-4c', 0))).toEqual([400, 'PARAM_ERROR']);
    expect(
      await codes(refundBody(sn, 'RF-4d', 10, { amount: { refund: 10, total: 999, currency: 'CNY' } })),
    ).toEqual([400, 'INVALID_REQUEST']);
    await sim.post('/sim/pay/faults', { refundNotEnough: true });
    expect(await codes(refundBody(sn, 'RF-4e', 10))).toEqual([403, 'NOT_ENOUGH']);
    expect(await codes(refundBody(sn, 'RF-4e', 10))).toEqual([200, undefined]);
    const missing = await payCall(sim, 'GET', `${REFUNDS}/RF-NONE`);
    expect([missing.status, missing.json.code]).toEqual([404, 'RESOURCE_NOT_EXISTS']);
  });

  it('ends a refund ABNORMAL or CLOSED when told to, and notifies REFUND.ABNORMAL / REFUND.CLOSED', async () => {
    sim = await startSim({ timeScale: 0.001 });
    receiver = await startReceiver(async () => ({ status: 200 }));
    await sim.post('/sim/pay/faults', { refundOutcome: 'ABNORMAL' });
    await sim.post('/sim/pay/faults', { refundOutcome: 'CLOSED' });
    const sn = await paid();
    const url = `${receiver.url}/pay/refund-notify`;
    await payCall(sim, 'POST', REFUNDS, refundBody(sn, 'RF-5a', 100, { notify_url: url }));
    await payCall(sim, 'POST', REFUNDS, refundBody(sn, 'RF-5b', 100, { notify_url: url }));
    await waitFor(() => receiver!.received.length === 2);
    const events = receiver.received.map((r) => JSON.parse(r.body).event_type).sort();
    expect(events).toEqual(['REFUND.ABNORMAL', 'REFUND.CLOSED']);
    const attempts = await sim.get<NotifyAttempt[]>('/sim/pay/notifications');
    expect(
      attempts
        .filter((a) => a.out_refund_no)
        .map((a) => a.event_type)
        .sort(),
    ).toEqual(events);
    expect((await payCall(sim, 'GET', `${REFUNDS}/RF-5a`)).json.status).toBe('ABNORMAL');
  });
});
