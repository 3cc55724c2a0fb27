// The SDK's order query, close and refund calls against the emulator over real HTTP, signatures included.

import { createPayClient, type RefundNotice, WechatPaySignatureError } from '@checkout/wechat';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newUser, type RunningSim, startReceiver, startSim, waitFor } from './helpers.js';

let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim({ timeScale: 0.001 });
});
beforeEach(async () => {
  await sim.post('/sim/reset');
});
afterAll(async () => sim.close());

const pay = () =>
  createPayClient({
    mchid: sim.keys.merchant.mchid,
    serialNo: sim.keys.merchant.serialNo,
    privateKey: sim.keys.merchant.privateKey,
    apiV3Key: sim.keys.apiV3Key,
    platformKeys: new Map([[sim.keys.platform.serial, sim.keys.platform.publicKey]]),
    apiBase: sim.base,
  });

async function prepaid(outTradeNo: string, total = 990) {
  const client = pay();
  const openid = await newUser(sim);
  const { prepay_id } = await client.createJsapiPrepay({
    appid: sim.appid,
    description: '拿铁',
    out_trade_no: outTradeNo,
    notify_url: 'http://127.0.0.1:9/pay/notify',
    amount: { total },
    payer: { openid },
    time_expire: new Date(Date.now() + 3600_000).toISOString(),
  });
  return { client, prepayId: prepay_id };
}

describe('WeChat Pay order query, close and refund through the SDK', () => {
  it('queries NOTPAY, closes with a verified 204, then queries CLOSED', async () => {
    const { client } = await prepaid('SDKQ0000001');
    await expect(client.queryOrder('SDKQ0000001')).resolves.toMatchObject({ trade_state: 'NOTPAY' });
    await expect(client.closeOrder('SDKQ0000001')).resolves.toBeUndefined();
    await expect(client.queryOrder('SDKQ0000001')).resolves.toMatchObject({ trade_state: 'CLOSED' });
    await expect(client.queryOrder('SDKQ0000404')).rejects.toMatchObject({
      status: 404,
      code: 'ORDER_NOT_EXIST',
    });
  });

  it('refunds a paid order and verifies the REFUND.SUCCESS notification', async () => {
    const notices: RefundNotice[] = [];
    const receiver = await startReceiver(async (request) => {
      notices.push(await pay().verifyRefundNotification({ headers: request.headers, body: request.body }));
      return { status: 200 };
    });
    try {
      const { client, prepayId } = await prepaid('SDKR0000001');
      await sim.post('/sim/pay/confirm', client.requestPaymentParams(sim.appid, prepayId));
      const refund = await client.createRefund({
        out_trade_no: 'SDKR0000001',
        out_refund_no: 'SDKR0000001-1',
        notify_url: `${receiver.url}/pay/refund-notify`,
        amount: { refund: 990, total: 990 },
      });
      expect(refund.status).toBe('PROCESSING');
      await waitFor(() => notices.length === 1);
      expect(notices[0]).toMatchObject({ refund_status: 'SUCCESS', refund_id: refund.refund_id });
      await expect(client.queryRefund('SDKR0000001-1')).resolves.toMatchObject({ status: 'SUCCESS' });
    } finally {
      await receiver.close();
    }
  });

  it('refuses stripped and forged answers as signature errors', async () => {
    const { client } = await prepaid('SDKF0000001');
    await sim.post('/sim/pay/faults', { answers: 'strip' });
    await expect(client.queryOrder('SDKF0000001')).rejects.toMatchObject({ code: 'MISSING_HEADER' });
    await sim.post('/sim/pay/faults', { answers: 'forge' });
    const forged = await client.queryOrder('SDKF0000001').catch((err: unknown) => err);
    expect(forged).toBeInstanceOf(WechatPaySignatureError);
    expect(forged).toMatchObject({ code: 'SIGNATURE_INVALID' });
  });
});
