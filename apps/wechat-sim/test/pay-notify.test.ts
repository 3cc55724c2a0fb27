import { createVerify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyAttempt } from '../src/app.js';
import {
  decryptAesGcm,
  newUser,
  orderBody,
  paymentParams,
  prepay,
  type RunningSim,
  startReceiver,
  startSim,
  waitFor,
} from './helpers.js';

let sim: RunningSim;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await sim?.close();
  await receiver?.close();
  receiver = undefined;
});

async function placeOrder(notifyUrl: string) {
  const openid = await newUser(sim);
  const body = orderBody(sim, openid, { notify_url: notifyUrl, attach: 'cart-7' });
  const { prepay_id } = (await (await prepay(sim, body)).json()) as { prepay_id: string };
  return { openid, body, prepayId: prepay_id, params: paymentParams(sim.keys, sim.appid, prepay_id) };
}

const attempts = () => sim.get<NotifyAttempt[]>('/sim/pay/notifications');

describe('POST /sim/pay/confirm', () => {
  it('pays and POSTs a signed, encrypted TRANSACTION.SUCCESS to notify_url', async () => {
    sim = await startSim();
    receiver = await startReceiver(async () => ({ status: 204 }));
    const order = await placeOrder(`${receiver.url}/pay/notify`);
    const paid = await sim.post<{ errMsg: string; transaction_id: string }>('/sim/pay/confirm', order.params);
    expect(paid.errMsg).toBe('requestPayment:ok');
    expect(paid.transaction_id).toMatch(/^4200\d{24}$/);
    await waitFor(() => receiver!.received.length === 1);

    const { headers, body, url } = receiver.received[0]!;
    expect(url).toBe('/pay/notify');
    expect(headers['wechatpay-serial']).toBe(sim.keys.platform.serial);
    const signed = `${headers['wechatpay-timestamp']}\n${headers['wechatpay-nonce']}\n${body}\n`;
    const valid = createVerify('RSA-SHA256')
      .update(signed)
      .verify(sim.keys.platform.publicKey, String(headers['wechatpay-signature']), 'base64');
    expect(valid).toBe(true);

    const notification = JSON.parse(body);
    expect(notification).toMatchObject({
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      resource: {
        algorithm: 'AEAD_AES_256_GCM',
        associated_data: 'transaction',
        original_type: 'transaction',
      },
    });
    expect(notification.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    const transaction = JSON.parse(decryptAesGcm(sim.keys.apiV3Key, notification.resource));
    expect(transaction).toMatchObject({
      mchid: sim.keys.merchant.mchid,
      appid: sim.appid,
      out_trade_no: order.body.out_trade_no,
      transaction_id: paid.transaction_id,
      trade_state: 'SUCCESS',
      attach: 'cart-7',
      payer: { openid: order.openid },
      amount: { total: 1234, payer_total: 1234, currency: 'CNY' },
    });
    await waitFor(async () => (await attempts()).length === 1);
    expect((await attempts())[0]).toMatchObject({
      attempt: 1,
      status: 204,
      ok: true,
      out_trade_no: order.body.out_trade_no,
    });
  });

  it('rejects a paySign that does not verify with 400, and pays nothing', async () => {
    sim = await startSim();
    const order = await placeOrder('http://127.0.0.1:9/never');
    const res = await sim.postRaw('/sim/pay/confirm', { ...order.params, nonceStr: 'tampered' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errMsg: string }).errMsg).toMatch(/^requestPayment:fail/);
    const bad = await sim.postRaw('/sim/pay/confirm', { ...order.params, package: 'prepay_id=wx-unknown' });
    expect(bad.status).toBe(400);
    expect(await attempts()).toEqual([]);
  });

  it('answers cancel and fail like the client API, leaving the order payable', async () => {
    sim = await startSim();
    receiver = await startReceiver(async () => ({ status: 200 }));
    const order = await placeOrder(`${receiver.url}/n`);
    expect(await sim.post('/sim/pay/confirm', { ...order.params, outcome: 'cancel' })).toEqual({
      errMsg: 'requestPayment:fail cancel',
    });
    expect(
      ((await sim.post('/sim/pay/confirm', { ...order.params, outcome: 'fail' })) as { errMsg: string })
        .errMsg,
    ).toMatch(/^requestPayment:fail /);
    expect(((await sim.post('/sim/pay/confirm', order.params)) as { errMsg: string }).errMsg).toBe(
      'requestPayment:ok',
    );
    expect(((await sim.post('/sim/pay/confirm', order.params)) as { errMsg: string }).errMsg).toMatch(
      /already paid/,
    );
  });

  it('refuses to pay a prepay_id older than 2 hours', async () => {
    sim = await startSim();
    const order = await placeOrder('http://127.0.0.1:9/never');
    await sim.post('/sim/clock/advance', { seconds: 7200 });
    expect(((await sim.post('/sim/pay/confirm', order.params)) as { errMsg: string }).errMsg).toBe(
      'requestPayment:fail prepay_id expired',
    );
  });

  it('retries non-2xx replies on the scaled schedule until one is accepted, with the same notification id', async () => {
    sim = await startSim({ timeScale: 0.001 });
    receiver = await startReceiver(async (_req, index) => ({ status: index < 2 ? 500 : 200 }));
    const order = await placeOrder(`${receiver.url}/n`);
    const started = Date.now();
    await sim.post('/sim/pay/confirm', order.params);
    await waitFor(async () => (await attempts()).some((a) => a.ok));
    // 15 s + 15 s at a time scale of 0.001 is 30 ms of waiting between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    const list = await attempts();
    expect(list.map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect(new Set(receiver.received.map((r) => JSON.parse(r.body).id)).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers['wechatpay-nonce'])).size).toBe(3);
  });

  it('gives up after WeChat’s 15 retries (16 attempts)', async () => {
    sim = await startSim({ timeScale: 0.00001 });
    receiver = await startReceiver(async () => ({ status: 503 }));
    const order = await placeOrder(`${receiver.url}/n`);
    await sim.post('/sim/pay/confirm', order.params);
    await waitFor(async () => (await attempts()).length === 16, 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await attempts()).toHaveLength(16);
  });

  it('treats a reply slower than the timeout as a failure and retries', async () => {
    // Wide margins both ways: on a loaded machine a prompt reply can take a few hundred ms too.
    sim = await startSim({ timeScale: 0.001, notifyTimeoutMs: 800 });
    receiver = await startReceiver(async (_req, index) => ({ status: 200, delayMs: index === 0 ? 3000 : 0 }));
    const order = await placeOrder(`${receiver.url}/n`);
    await sim.post('/sim/pay/confirm', order.params);
    await waitFor(async () => (await attempts()).some((a) => a.ok));
    const list = await attempts();
    expect(list[0]).toMatchObject({ attempt: 1, status: 0, ok: false, error: 'timeout' });
    expect(list.at(-1)).toMatchObject({ attempt: list.length, status: 200, ok: true });
  });

  it('takes a pay_notify fault as an undelivered attempt, then retries', async () => {
    sim = await startSim({ timeScale: 0.001 });
    receiver = await startReceiver(async () => ({ status: 200 }));
    await sim.post('/sim/faults', { endpoint: 'pay_notify', status: 502, count: 1 });
    const order = await placeOrder(`${receiver.url}/n`);
    await sim.post('/sim/pay/confirm', order.params);
    await waitFor(async () => (await attempts()).some((a) => a.ok));
    const list = await attempts();
    expect(list[0]).toMatchObject({ attempt: 1, status: 502, ok: false });
    expect(receiver.received).toHaveLength(1);
  });
});
