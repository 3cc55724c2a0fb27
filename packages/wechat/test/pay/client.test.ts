import { verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WechatPayError, WechatPaySignatureError } from '../../src/errors.js';
import { createPayClient } from '../../src/pay/client.js';
import { encryptResource } from '../../src/pay/resource.js';
import { type LocalServer, startLocalServer } from '../helpers/local-server.js';
import { platformCertificate } from './keys.js';
import { wechatpayHeaders } from './notification.js';
import {
  apiV3Key,
  MCHID,
  merchant,
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

const prepayRequest = {
  appid: 'wxd678efh567hg6787',
  description: 'Image形象店-深圳腾大-QQ公仔',
  out_trade_no: '1217752501201407033233368018',
  notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
  amount: { total: 100 },
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
};

describe('createJsapiPrepay', () => {
  it('signs the request, sends the merchant fields and returns the verified prepay_id', async () => {
    server = await startLocalServer((req) =>
      merchantSignatureValid(req)
        ? signedAnswer({ prepay_id: 'wx26112221580621e9b071c00d9e093b0000' })
        : { status: 401, body: { code: 'SIGN_ERROR', message: '签名错误' } },
    );
    const pay = createPayClient(options(server.baseUrl));
    await expect(pay.createJsapiPrepay(prepayRequest)).resolves.toEqual({
      prepay_id: 'wx26112221580621e9b071c00d9e093b0000',
    });
    const [sent] = server.requests;
    expect(sent?.url.pathname).toBe('/v3/pay/transactions/jsapi');
    expect(JSON.parse(sent?.body ?? '{}')).toEqual({
      ...prepayRequest,
      mchid: MCHID,
      amount: { total: 100, currency: 'CNY' },
    });
  });

  it('is refused with 401 when the merchant signs with another key', async () => {
    server = await startLocalServer((req) =>
      merchantSignatureValid(req)
        ? signedAnswer({ prepay_id: 'x' })
        : { status: 401, body: { code: 'SIGN_ERROR', message: '签名错误' } },
    );
    const pay = createPayClient(options(server.baseUrl, { privateKey: platformCertificate.privatePem }));
    const error = await pay.createJsapiPrepay(prepayRequest).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WechatPayError);
    expect(error).toMatchObject({ status: 401, code: 'SIGN_ERROR', message: '签名错误', retryable: false });
  });

  it('throws when the answer signature does not verify with the platform key', async () => {
    server = await startLocalServer(() => signedAnswer({ prepay_id: 'x' }, 200, merchant.privatePem));
    const pay = createPayClient(options(server.baseUrl));
    await expect(pay.createJsapiPrepay(prepayRequest)).rejects.toBeInstanceOf(WechatPaySignatureError);
  });

  it('refuses an unsigned answer, whatever it carries', async () => {
    server = await startLocalServer(() => ({ body: { prepay_id: 'wx-unsigned' } }));
    const pay = createPayClient(options(server.baseUrl));
    await expect(pay.createJsapiPrepay(prepayRequest)).rejects.toMatchObject({ code: 'MISSING_HEADER' });
  });

  it('refuses an answer signed by a serial it does not know', async () => {
    server = await startLocalServer(() => {
      const text = JSON.stringify({ prepay_id: 'wx-other' });
      const headers = wechatpayHeaders({
        body: text,
        privateKey: platformCertificate.privatePem,
        serial: 'PUB_KEY_ID_0000000000000000000000000000',
        timestamp: NOW_S,
      });
      return { body: text, headers };
    });
    const pay = createPayClient(options(server.baseUrl));
    await expect(pay.createJsapiPrepay(prepayRequest)).rejects.toMatchObject({ code: 'UNKNOWN_SERIAL' });
  });

  it("turns WeChat Pay's error answers into WechatPayError, retryable for 5xx", async () => {
    server = await startLocalServer(() => ({
      status: 500,
      body: { code: 'SYSTEM_ERROR', message: '系统错误' },
    }));
    const pay = createPayClient(options(server.baseUrl));
    await expect(pay.createJsapiPrepay(prepayRequest)).rejects.toMatchObject({
      status: 500,
      code: 'SYSTEM_ERROR',
      retryable: true,
    });
  });
});

describe('notifications and requestPayment parameters', () => {
  const transaction = {
    appid: 'wxd678efh567hg6787',
    mchid: MCHID,
    out_trade_no: '1217752501201407033233368018',
    transaction_id: '1217752501201407033233368018',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'CMC',
    success_time: '2024-04-26T14:20:45+08:00',
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
  };
  const body = JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: '2024-04-26T14:20:46+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: encryptResource(transaction, apiV3Key, 'fdasflkja484'),
  });
  const headers = wechatpayHeaders({
    body,
    privateKey: platformCertificate.privatePem,
    serial: PLATFORM_SERIAL,
    timestamp: NOW_S,
  });
  const pay = createPayClient(options('http://127.0.0.1:9'));

  it('verifies and decrypts a TRANSACTION.SUCCESS notification into a PayTransaction', async () => {
    await expect(pay.verifyNotification({ headers, body: Buffer.from(body) })).resolves.toEqual(transaction);
    await expect(pay.openNotification({ headers, body })).resolves.toMatchObject({
      id: 'EV-2018022511223320873',
      event_type: 'TRANSACTION.SUCCESS',
      resource: transaction,
    });
  });

  it('refuses a notification whose body changed after signing', async () => {
    const tampered = body.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESs');
    await expect(pay.verifyNotification({ headers, body: tampered })).rejects.toBeInstanceOf(
      WechatPaySignatureError,
    );
  });

  it('refuses a signed resource that is not a transaction', async () => {
    const odd = JSON.stringify({
      ...JSON.parse(body),
      resource: encryptResource({ refund_id: '1' }, apiV3Key),
    });
    const oddHeaders = wechatpayHeaders({
      body: odd,
      privateKey: platformCertificate.privatePem,
      serial: PLATFORM_SERIAL,
      timestamp: NOW_S,
    });
    await expect(pay.verifyNotification({ headers: oddHeaders, body: odd })).rejects.toThrow(
      /no valid appid/,
    );
  });

  it('signs requestPayment parameters with the merchant key', () => {
    const params = pay.requestPaymentParams('wxd678efh567hg6787', 'wx26112221580621e9b071c00d9e093b0000');
    expect(params.timeStamp).toBe(String(NOW_S));
    const message = `wxd678efh567hg6787\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    expect(
      verify('sha256', Buffer.from(message), merchant.publicKey, Buffer.from(params.paySign, 'base64')),
    ).toBe(true);
  });
});
