import { randomBytes, sign } from 'node:crypto';
import { type KeyInput, toPrivateKey } from './keys.js';

/** `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`, what the merchant signs for every Pay v3 request. */
export function buildRequestSignString(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** `TIMESTAMP\nNONCE\nBODY\n`, what WeChat Pay signs for notifications and responses. */
export function buildNotifySignString(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** Base64 RSA-SHA256 (PKCS#1 v1.5) signature of `message`. */
export function signSha256Rsa(message: string, privateKey: KeyInput): string {
  return sign('sha256', Buffer.from(message, 'utf8'), toPrivateKey(privateKey)).toString('base64');
}

export function newNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export function unixSeconds(now: number = Date.now()): string {
  return String(Math.floor(now / 1000));
}

export interface AuthorizationInput {
  mchid: string;
  /** Serial number of the merchant's API certificate. */
  serialNo: string;
  privateKey: KeyInput;
  method: string;
  /** Path and query as sent, e.g. `/v3/pay/transactions/jsapi`. */
  pathWithQuery: string;
  /** The exact body sent; empty string for GET. */
  body: string;
  timestamp?: string;
  nonce?: string;
}

/** The `Authorization` header value of a Pay v3 request. */
export function buildAuthorization(input: AuthorizationInput): string {
  const timestamp = input.timestamp ?? unixSeconds();
  const nonce = input.nonce ?? newNonce();
  const signature = signSha256Rsa(
    buildRequestSignString(input.method, input.pathWithQuery, timestamp, nonce, input.body),
    input.privateKey,
  );
  return (
    `WECHATPAY2-SHA256-RSA2048 mchid="${input.mchid}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${input.serialNo}"`
  );
}

export interface RequestPaymentInput {
  appId: string;
  prepayId: string;
  privateKey: KeyInput;
  timeStamp?: string;
  nonceStr?: string;
}

/** What `wx.requestPayment` takes. */
export interface RequestPaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** The `wx.requestPayment` parameters; paySign = RSA-SHA256 over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function buildRequestPaymentParams(input: RequestPaymentInput): RequestPaymentParams {
  const timeStamp = input.timeStamp ?? unixSeconds();
  const nonceStr = input.nonceStr ?? newNonce();
  const pkg = `prepay_id=${input.prepayId}`;
  const paySign = signSha256Rsa(`${input.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, input.privateKey);
  return { timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
}
