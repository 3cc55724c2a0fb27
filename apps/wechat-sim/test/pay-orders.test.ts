import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyAttempt } from '../src/app.js';
import {
  newUser,
  orderBody,
  paidOrder,
  paymentParams,
  prepay,
  type RunningSim,
  startReceiver,
  startSim,
  waitFor,
} from './helpers.js';
import { payCall, signedByPlatform } from './pay-helpers.js';

let sim: RunningSim;
afterEach(async () => {
  await sim?.close();
});

const queryPath = (sim: RunningSim, sn: string) =>
  `/v3/pay/transactions/out-trade-no/${sn}?mchid=${sim.keys.merchant.mchid}`;
const closePath = (sn: string) => `/v3/pay/transactions/out-trade-no/${sn}/close`;

async function placeOrder(overrides: Record<string, unknown> = {}) {
  const openid = await newUser(sim);
  const body = orderBody(sim, openid, overrides);
  const { prepay_id } = (await (await prepay(sim, body)).json()) as { prepay_id: string };
  return { openid, body, prepayId: prepay_id };
}

describe('order query by out_trade_no', () => {
  it('answers NOTPAY before payment and the transaction after, each answer signed', async () => {
    sim = await startSim({ timeScale: 0.001 });
    const { body, prepayId } = await placeOrder();
    const before = await payCall(sim, 'GET', queryPath(sim, body.out_trade_no));
    expect(before.status).toBe(200);
    expect(signedByPlatform(sim, before)).toBe(true);
    expect(before.json).toMatchObject({ out_trade_no: body.out_trade_no, trade_state: 'NOTPAY' });
    expect(before.json.transaction_id).toBeUndefined();

    await sim.post('/sim/pay/confirm', paymentParams(sim.keys, sim.appid, prepayId));
    const after = await payCall(sim, 'GET', queryPath(sim, body.out_trade_no));
    expect(after.json).toMatchObject({
      trade_state: 'SUCCESS',
      transaction_id: expect.stringMatching(/^4200\d{24}$/),
      payer: { openid: body.payer.openid },
      amount: { total: 1234, payer_total: 1234 },
    });
  });

  it('answers 404 ORDER_NOT_EXIST (signed) for an order never prepaid', async () => {
    sim = await startSim();
    const answer = await payCall(sim, 'GET', queryPath(sim, 'NEVER000001'));
    expect(answer.status).toBe(404);
    expect(answer.json.code).toBe('ORDER_NOT_EXIST');
    expect(signedByPlatform(sim, answer)).toBe(true);
  });
});

describe('close', () => {
  it('closes an unpaid order with a signed 204; it can then be neither prepaid nor paid', async () => {
    sim = await startSim();
    const { body, prepayId } = await placeOrder();
    const closed = await payCall(sim, 'POST', closePath(body.out_trade_no), {
      mchid: sim.keys.merchant.mchid,
    });
    expect(closed.status).toBe(204);
    expect(signedByPlatform(sim, closed)).toBe(true);
    const again = await payCall(sim, 'POST', closePath(body.out_trade_no), {
      mchid: sim.keys.merchant.mchid,
    });
    expect(again.status).toBe(204);

    expect((await payCall(sim, 'GET', queryPath(sim, body.out_trade_no))).json.trade_state).toBe('CLOSED');
    const reprepay = await prepay(sim, body);
    expect(reprepay.status).toBe(400);
    expect(await reprepay.json()).toMatchObject({ code: 'ORDER_CLOSED' });
    const paid = await sim.post<{ errMsg: string }>(
      '/sim/pay/confirm',
      paymentParams(sim.keys, sim.appid, prepayId),
    );
    expect(paid.errMsg).toBe('requestPayment:fail order closed');
  });

  it('refuses to close a paid order (403 ORDERPAID) and an unknown one (404 ORDER_NOT_EXIST)', async () => {
    sim = await startSim({ timeScale: 0.001 });
    const openid = await newUser(sim);
    const body = orderBody(sim, openid);
    await paidOrder(sim, openid, { out_trade_no: body.out_trade_no });
    const paid = await payCall(sim, 'POST', closePath(body.out_trade_no), { mchid: sim.keys.merchant.mchid });
    expect([paid.status, paid.json.code]).toEqual([403, 'ORDERPAID']);
    const unknown = await payCall(sim, 'POST', closePath('NEVER000002'), { mchid: sim.keys.merchant.mchid });
    expect([unknown.status, unknown.json.code]).toEqual([404, 'ORDER_NOT_EXIST']);
  });
});

describe('prepay_id lifetime and time_expire', () => {
  it('gives a re-prepay after 2 hours a new prepay_id; only the latest one pays', async () => {
    sim = await startSim({ timeScale: 0.001 });
    const timeExpire = new Date(Date.now() + 4 * 3600_000).toISOString();
    const { body, prepayId } = await placeOrder({ time_expire: timeExpire });
    const same = (await (await prepay(sim, body)).json()) as { prepay_id: string };
    expect(same.prepay_id).toBe(prepayId);
    await sim.post('/sim/clock/advance', { seconds: 2 * 3600 + 1 });
    const latest = (await (await prepay(sim, body)).json()) as { prepay_id: string };
    expect(latest.prepay_id).not.toBe(prepayId);
    const stale = await sim.post<{ errMsg: string }>(
      '/sim/pay/confirm',
      paymentParams(sim.keys, sim.appid, prepayId),
    );
    expect(stale.errMsg).toBe('requestPayment:fail prepay_id expired');
    const fresh = await sim.post<{ errMsg: string }>(
      '/sim/pay/confirm',
      paymentParams(sim.keys, sim.appid, latest.prepay_id),
    );
    expect(fresh.errMsg).toBe('requestPayment:ok');
  });

  it('refuses payment after time_expire, and a time_expire that is not RFC 3339', async () => {
    sim = await startSim();
    const { prepayId } = await placeOrder({ time_expire: new Date(Date.now() + 60_000).toISOString() });
    await sim.post('/sim/clock/advance', { seconds: 61 });
    const late = await sim.post<{ errMsg: string }>(
      '/sim/pay/confirm',
      paymentParams(sim.keys, sim.appid, prepayId),
    );
    expect(late.errMsg).toBe('requestPayment:fail order expired');
    const openid = await newUser(sim);
    const bad = await prepay(sim, orderBody(sim, openid, { time_expire: 'tomorrow' }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'PARAM_ERROR',
      message: expect.stringContaining('time_expire'),
    });
  });
});

describe('pay faults', () => {
  it('strips, then forges, the signature of the next answers, then signs again', async () => {
    sim = await startSim();
    const { body } = await placeOrder();
    await sim.post('/sim/pay/faults', { answers: 'strip' });
    await sim.post('/sim/pay/faults', { answers: 'forge' });
    const stripped = await payCall(sim, 'GET', queryPath(sim, body.out_trade_no));
    expect(stripped.headers.get('wechatpay-signature')).toBeNull();
    const forged = await payCall(sim, 'GET', queryPath(sim, body.out_trade_no));
    expect(forged.headers.get('wechatpay-serial')).toBe(sim.keys.platform.serial);
    expect(signedByPlatform(sim, forged)).toBe(false);
    expect(signedByPlatform(sim, await payCall(sim, 'GET', queryPath(sim, body.out_trade_no)))).toBe(true);
  });

  it('drops the next notification entirely: no attempt reaches the merchant, none is retried', async () => {
    sim = await startSim({ timeScale: 0.0001 });
    const receiver = await startReceiver(async () => ({ status: 204 }));
    try {
      await sim.post('/sim/pay/faults', { notifications: 'drop' });
      const openid = await newUser(sim);
      await paidOrder(sim, openid, { notify_url: `${receiver.url}/pay/notify` });
      await paidOrder(sim, openid, { notify_url: `${receiver.url}/pay/notify` });
      await waitFor(async () => (await sim.get<NotifyAttempt[]>('/sim/pay/notifications')).some((a) => a.ok));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const attempts = await sim.get<NotifyAttempt[]>('/sim/pay/notifications');
      expect(attempts.map((a) => [a.attempt, a.ok, a.error ?? ''])).toEqual([
        [1, false, 'dropped by a /sim pay fault'],
        [1, true, ''],
      ]);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('refuses a fault with nothing to do', async () => {
    sim = await startSim();
    const res = await sim.postRaw('/sim/pay/faults', { count: 2 });
    expect(res.status).toBe(400);
  });
});
