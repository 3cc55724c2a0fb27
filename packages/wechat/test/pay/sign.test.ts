import { verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildAuthorization,
  buildNotifySignString,
  buildRequestPaymentParams,
  buildRequestSignString,
} from '../../src/pay/sign.js';
import { generateRsaKeyPair } from './keys.js';

const merchant = generateRsaKeyPair();

function verifies(message: string, signatureBase64: string): boolean {
  return verify(
    'sha256',
    Buffer.from(message, 'utf8'),
    merchant.publicKey,
    Buffer.from(signatureBase64, 'base64'),
  );
}

describe('Pay v3 sign strings', () => {
  it('builds the request sign string of the WeChat Pay docs example', () => {
    expect(
      buildRequestSignString('GET', '/v3/certificates', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', ''),
    ).toBe('GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n');
  });

  it('keeps a POST body byte for byte, upper-cases the method and ends with a newline', () => {
    const body = '{"appid":"wx1","amount":{"total":100}}';
    expect(buildRequestSignString('post', '/v3/pay/transactions/jsapi', '1700000000', 'N1', body)).toBe(
      `POST\n/v3/pay/transactions/jsapi\n1700000000\nN1\n${body}\n`,
    );
  });

  it('builds the notification sign string', () => {
    expect(buildNotifySignString('1700000000', 'abc', '{"id":"1"}')).toBe('1700000000\nabc\n{"id":"1"}\n');
  });
});

describe('buildAuthorization', () => {
  it('produces the WECHATPAY2-SHA256-RSA2048 header whose signature verifies over the sign string', () => {
    const body = '{"description":"测试商品"}';
    const header = buildAuthorization({
      mchid: '1900009191',
      serialNo: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
      privateKey: merchant.privatePem,
      method: 'POST',
      pathWithQuery: '/v3/pay/transactions/jsapi',
      body,
      timestamp: '1554208460',
      nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
    });
    const match =
      /^WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="([A-Za-z0-9+/=]+)",timestamp="1554208460",serial_no="408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"$/.exec(
        header,
      );
    expect(match).not.toBeNull();
    const signature = match?.[1] ?? '';
    expect(
      verifies(
        `POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n${body}\n`,
        signature,
      ),
    ).toBe(true);
    expect(
      verifies(
        `POST\n/v3/pay/transactions/jsapi\n1554208461\n593BEC0C930BF1AFEB40B4A08C8FB242\n${body}\n`,
        signature,
      ),
    ).toBe(false);
  });

  it('accepts the key as a KeyObject and fills timestamp and nonce itself', () => {
    const header = buildAuthorization({
      mchid: '1',
      serialNo: 'S',
      privateKey: merchant.privateKey,
      method: 'GET',
      pathWithQuery: '/v3/certificates',
      body: '',
    });
    const nonce = /nonce_str="([0-9A-F]{32})"/.exec(header)?.[1];
    const timestamp = /timestamp="(\d+)"/.exec(header)?.[1];
    const signature = /signature="([^"]+)"/.exec(header)?.[1] ?? '';
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(verifies(`GET\n/v3/certificates\n${timestamp}\n${nonce}\n\n`, signature)).toBe(true);
  });
});

describe('buildRequestPaymentParams', () => {
  it('returns the wx.requestPayment parameters with paySign over appId, timeStamp, nonceStr and package', () => {
    const params = buildRequestPaymentParams({
      appId: 'wxd678efh567hg6787',
      prepayId: 'wx201410272009395522657a690389285100',
      privateKey: merchant.privatePem,
      timeStamp: '1414561699',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
    });
    expect(params).toMatchObject({
      timeStamp: '1414561699',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
    });
    expect(
      verifies(
        'wxd678efh567hg6787\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n',
        params.paySign,
      ),
    ).toBe(true);
  });
});
