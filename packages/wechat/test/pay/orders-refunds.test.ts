import { afterEach, describe, expect, it } from 'vitest';
import { createPayClient } from '../../src/pay/client.js';
import { encryptResource } from '../../src/pay/resource.js';
import { type LocalServer, startLocalServer } from '../helpers/local-server.js';
import { platformCertificate } from './keys.js';
import { wechatpayHeaders } from './notification.js';
import {
  apiV3Key,
  MCHID,
  merchantSignatureValid,
  NOW_S,
  options,
  PLATFORM_SERIAL,
  signedAnswer,
} from './pay-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const OUT_TRADE_NO = 'SN20240426A1';
const refund = {
  refund_id: '50000000382019052709732678859',
  out_refund_no: 'RF20240426A1',
  transaction_id: '4200000000000000000000000001',
  out_trade_no: OUT_TRADE_NO,
  channel: 'ORIGINAL',
  user_received_account: '支付用户零钱',
  create_time: '2024-04-26T14:21:00+08:00',
  status: 'PROCESSING',
  amount: { total: 100, refund: 40, payer_total: 100, payer_refund: 40, currency: 'CNY' },
};

async function signedServer() {
  server = await startLocalServer((req) => {
    if (!merchantSignatureValid(req)) return { status: 401, body: { code: 'SIGN_ERROR', message: 'bad' } };
    const path = req.url.pathname;
    if (req.method === 'GET' && path === `/v3/pay/transactions/out-trade-no/${OUT_TRADE_NO}`) {
      return signedAnswer({
        appid: 'wxd678efh567hg6787',
        mchid: req.url.searchParams.get('mchid'),
        out_trade_no: OUT_TRADE_NO,
        trade_state: 'NOTPAY',
        trade_state_desc: '订单未支付',
        amount: { total: 100, currency: 'CNY' },
      });
    }
    if (req.method === 'GET' && path.startsWith('/v3/pay/transactions/out-trade-no/')) {
      return { status: 404, body: { code: 'ORDER_NOT_EXIST', message: '订单不存在' } };
    }
    if (req.method === 'POST' && path === `/v3/pay/transactions/out-trade-no/${OUT_TRADE_NO}/close`) {
      return { status: 204, body: '', headers: signedEmpty() };
    }
    if (req.method === 'POST' && path === '/v3/refund/domestic/refunds') return signedAnswer(refund);
    if (req.method === 'GET' && path === `/v3/refund/domestic/refunds/${refund.out_refund_no}`) {
      return signedAnswer({ ...refund, status: 'SUCCESS', success_time: '2024-04-26T14:22:00+08:00' });
    }
    return { status: 404, body: { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' } };
  });
  return createPayClient(options(server.baseUrl));
}

const signedEmpty = () =>
  wechatpayHeaders({
    body: '',
    privateKey: platformCertificate.privatePem,
    serial: PLATFORM_SERIAL,
    timestamp: NOW_S,
  });

describe('order query and close', () => {
  it('queries an order by out_trade_no with the mchid in the signed query string', async () => {
    const pay = await signedServer();
    await expect(pay.queryOrder(OUT_TRADE_NO)).resolves.toMatchObject({
      trade_state: 'NOTPAY',
      mchid: MCHID,
    });
    expect(server?.requests[0]?.url.search).toBe(`?mchid=${MCHID}`);
  });

  it('turns 404 ORDER_NOT_EXIST into a non-retryable WechatPayError', async () => {
    const pay = await signedServer();
    await expect(pay.queryOrder('SN-UNKNOWN-1')).rejects.toMatchObject({
      status: 404,
      code: 'ORDER_NOT_EXIST',
      retryable: false,
    });
  });

  it('closes with {mchid} and accepts the signed empty 204', async () => {
    const pay = await signedServer();
    await expect(pay.closeOrder(OUT_TRADE_NO)).resolves.toBeUndefined();
    expect(JSON.parse(server?.requests[0]?.body ?? '')).toEqual({ mchid: MCHID });
  });

  it('refuses an unsigned 204 from the close endpoint', async () => {
    server = await startLocalServer(() => ({ status: 204, body: '' }));
    const pay = createPayClient(options(server.baseUrl));
    await expect(pay.closeOrder(OUT_TRADE_NO)).rejects.toMatchObject({ code: 'MISSING_HEADER' });
  });
});

describe('refunds', () => {
  it('creates a refund with currency CNY and returns the checked answer', async () => {
    const pay = await signedServer();
    const answer = await pay.createRefund({
      out_trade_no: OUT_TRADE_NO,
      out_refund_no: refund.out_refund_no,
      reason: '商品缺货',
      amount: { refund: 40, total: 100 },
    });
    expect(answer).toEqual(refund);
    expect(JSON.parse(server?.requests[0]?.body ?? '')).toMatchObject({
      amount: { refund: 40, total: 100, currency: 'CNY' },
    });
  });

  it('queries a refund by out_refund_no', async () => {
    const pay = await signedServer();
    await expect(pay.queryRefund(refund.out_refund_no)).resolves.toMatchObject({ status: 'SUCCESS' });
    await expect(pay.queryRefund('RF-NONE')).rejects.toMatchObject({ code: 'RESOURCE_NOT_EXISTS' });
  });

  it('refuses a refund answer without refund_id', async () => {
    server = await startLocalServer(() => signedAnswer({ ...refund, refund_id: undefined }));
    const pay = createPayClient(options(server.baseUrl));
    await expect(
      pay.createRefund({
        out_trade_no: OUT_TRADE_NO,
        out_refund_no: 'RF1',
        amount: { refund: 1, total: 100 },
      }),
    ).rejects.toThrow(/no valid refund_id/);
  });

  it('verifies and decrypts a REFUND.SUCCESS notification, and refuses a transaction event', async () => {
    const pay = createPayClient(options('http://127.0.0.1:9'));
    const resource = {
      mchid: MCHID,
      out_trade_no: OUT_TRADE_NO,
      transaction_id: refund.transaction_id,
      out_refund_no: refund.out_refund_no,
      refund_id: refund.refund_id,
      refund_status: 'SUCCESS',
      success_time: '2024-04-26T14:22:00+08:00',
      user_received_account: '支付用户零钱',
      amount: { total: 100, refund: 40, payer_total: 100, payer_refund: 40 },
    };
    const notification = (eventType: string) => {
      const body = JSON.stringify({
        id: 'EV-1',
        create_time: '2024-04-26T14:22:01+08:00',
        resource_type: 'encrypt-resource',
        event_type: eventType,
        summary: '退款成功',
        resource: encryptResource(resource, apiV3Key, 'a1b2c3d4e5f6', 'refund'),
      });
      const headers = wechatpayHeaders({
        body,
        privateKey: platformCertificate.privatePem,
        serial: PLATFORM_SERIAL,
        timestamp: NOW_S,
      });
      return { headers, body };
    };
    await expect(pay.verifyRefundNotification(notification('REFUND.SUCCESS'))).resolves.toEqual(resource);
    await expect(pay.verifyRefundNotification(notification('TRANSACTION.SUCCESS'))).rejects.toMatchObject({
      code: 'NOTIFICATION_INVALID',
    });
  });
});
