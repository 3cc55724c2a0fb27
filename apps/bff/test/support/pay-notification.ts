// A payment notification as WeChat Pay sends it, signed with the emulator's platform key.

import { randomBytes, randomUUID } from 'node:crypto';
import { encryptResource, signSha256Rsa } from '@checkout/wechat';
import type { Emulator } from './shop.js';

export interface Transaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  trade_state: string;
  success_time: string;
  payer: { openid: string };
  amount: { total: number; payer_total: number; currency: string };
}

export interface NotificationOptions {
  timestamp?: number;
  serial?: string;
}

/** A notification as WeChat Pay sends it: encrypted resource, platform-signed exact bytes. */
export function signedNotification(
  emulator: Emulator,
  transaction: Transaction,
  options: NotificationOptions = {},
) {
  const { config } = emulator.app.sim;
  const body = JSON.stringify({
    id: randomUUID(),
    create_time: new Date().toISOString(),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: encryptResource(transaction, config.apiV3Key),
  });
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': options.serial ?? config.platform.serial,
      'wechatpay-signature': signSha256Rsa(`${timestamp}\n${nonce}\n${body}\n`, config.platform.privateKey),
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}
