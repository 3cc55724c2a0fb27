import { type KeyObject, sign } from 'node:crypto';
import { buildNotifySignString } from '../../src/pay/sign.js';

/** Signs a body the way WeChat Pay signs notifications and answers, returning the four headers. */
export function wechatpayHeaders(options: {
  body: string;
  privateKey: KeyObject | string;
  serial: string;
  timestamp: number;
  nonce?: string;
}): Record<string, string> {
  const nonce = options.nonce ?? 'fdasfwqewlkja484w';
  const timestamp = String(options.timestamp);
  const signature = sign(
    'sha256',
    Buffer.from(buildNotifySignString(timestamp, nonce, options.body), 'utf8'),
    options.privateKey,
  ).toString('base64');
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': options.serial,
  };
}
