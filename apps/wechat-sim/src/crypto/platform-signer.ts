// WeChat Pay's side of the signature: response and notification headers over `TS\nNONCE\nBODY\n`.

import { type KeyObject, sign } from 'node:crypto';
import { randomAlnum } from '../ids.js';

export interface WechatpayHeaders {
  'Wechatpay-Timestamp': string;
  'Wechatpay-Nonce': string;
  'Wechatpay-Signature': string;
  'Wechatpay-Serial': string;
  'Wechatpay-Signature-Type': string;
}

export function signAsPlatform(
  platform: { serial: string; privateKey: KeyObject },
  body: string,
  nowSeconds: number,
): WechatpayHeaders {
  const timestamp = String(nowSeconds);
  const nonce = randomAlnum(32);
  const signature = sign('RSA-SHA256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), platform.privateKey);
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature.toString('base64'),
    'Wechatpay-Serial': platform.serial,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}
