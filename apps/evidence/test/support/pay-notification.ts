// WeChat Pay notifications as the platform sends them, built with the SDK's helpers and the emulator's
// keys: AEAD_AES_256_GCM resource with the APIv3 key, platform signature over the exact bytes.

import { randomBytes, randomUUID } from 'node:crypto';
import { encryptResource, signSha256Rsa } from '@checkout/wechat';
import type { SimKeys } from '@checkout/wechat-sim';

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

export interface SignedNotification {
  body: string;
  headers: Record<string, string>;
}

export function transactionFor(
  keys: SimKeys,
  order: { sn: string; totalFen: number },
  openid: string,
): Transaction {
  return {
    appid: keys.apps[0]!.appid,
    mchid: keys.merchant.mchid,
    out_trade_no: order.sn,
    transaction_id: `4200${Date.now()}${randomBytes(4).toString('hex')}`,
    trade_state: 'SUCCESS',
    success_time: new Date().toISOString(),
    payer: { openid },
    amount: { total: order.totalFen, payer_total: order.totalFen, currency: 'CNY' },
  };
}

export function signNotification(
  keys: SimKeys,
  resource: unknown,
  options: { timestamp?: number; serial?: string; id?: string; rawBody?: string } = {},
): SignedNotification {
  const body =
    options.rawBody ??
    JSON.stringify({
      id: options.id ?? randomUUID(),
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: encryptResource(resource as object, keys.apiV3Key),
    });
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': options.serial ?? keys.platform.serial,
      'wechatpay-signature': signSha256Rsa(`${timestamp}\n${nonce}\n${body}\n`, keys.platform.privateKey),
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

export async function postNotification(
  baseUrl: string,
  notification: SignedNotification,
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${baseUrl}/pay/notify`, {
    method: 'POST',
    headers: notification.headers,
    body: notification.body,
  });
  return { status: response.status, body: await response.text() };
}
