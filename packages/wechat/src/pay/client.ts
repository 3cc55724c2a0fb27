import { WechatPayError } from '../errors.js';
import type { FetchLike } from '../http.js';
import type { KeyInput } from './keys.js';
import { toPrivateKey } from './keys.js';
import { type PlatformKeySource, toKeyring } from './platform-keys.js';
import {
  asRefund,
  asRefundNotice,
  type Refund,
  type RefundNotice,
  type RefundRequest,
} from './refund-types.js';
import { decryptResource, type EncryptedResource } from './resource.js';
import { buildRequestPaymentParams, type RequestPaymentParams } from './sign.js';
import { asPayOrderQuery, asPayTransaction } from './transaction.js';
import { createPayTransport } from './transport.js';
import type { JsapiPrepayRequest, PayNotification, PayOrderQuery, PayTransaction } from './types.js';
import type { HeaderSource } from './verify.js';

export const DEFAULT_PAY_API_BASE = 'https://api.mch.weixin.qq.com';

export interface PayClientOptions {
  mchid: string;
  /** Serial number of the merchant API certificate. */
  serialNo: string;
  privateKey: KeyInput;
  apiV3Key: string;
  /** Serial (certificate serial or `PUB_KEY_ID_...`) -> key, or a keyring that downloads certificates. */
  platformKeys: PlatformKeySource;
  apiBase?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  now?: () => number;
  maxSkewSeconds?: number;
}

export interface PayNotificationInput {
  headers: HeaderSource;
  /** The exact raw bytes received. */
  body: string | Buffer;
}

export interface PayClient {
  readonly mchid: string;
  createJsapiPrepay(request: JsapiPrepayRequest): Promise<{ prepay_id: string }>;
  /** The order as WeChat Pay knows it; ORDER_NOT_EXIST (404) when it never got a prepay. */
  queryOrder(outTradeNo: string): Promise<PayOrderQuery>;
  /** Closes an unpaid order so it can no longer be paid (204); ORDERPAID when it was paid meanwhile. */
  closeOrder(outTradeNo: string): Promise<void>;
  createRefund(request: RefundRequest): Promise<Refund>;
  queryRefund(outRefundNo: string): Promise<Refund>;
  /** The signed `wx.requestPayment` parameters for a prepay_id. */
  requestPaymentParams(appId: string, prepayId: string): RequestPaymentParams;
  /** Verifies signature and clock window, parses the envelope and decrypts the resource. */
  openNotification(input: PayNotificationInput): Promise<PayNotification<unknown>>;
  /** openNotification for TRANSACTION.* events, with the resource checked to be a transaction. */
  verifyNotification(input: PayNotificationInput): Promise<PayTransaction>;
  /** openNotification for REFUND.* events (SUCCESS, ABNORMAL, CLOSED), the resource checked. */
  verifyRefundNotification(input: PayNotificationInput): Promise<RefundNotice>;
}

export function createPayClient(options: PayClientOptions): PayClient {
  const now = options.now ?? Date.now;
  // Parse the merchant key once: every request and every paySign uses it.
  const privateKey = toPrivateKey(options.privateKey);
  const transport = createPayTransport({
    mchid: options.mchid,
    serialNo: options.serialNo,
    privateKey,
    keyring: toKeyring(options.platformKeys),
    apiBase: (options.apiBase ?? DEFAULT_PAY_API_BASE).replace(/\/+$/, ''),
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    now,
    maxSkewSeconds: options.maxSkewSeconds,
  });
  const orderPath = (outTradeNo: string) =>
    `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}`;

  async function openNotification(input: PayNotificationInput): Promise<PayNotification<unknown>> {
    await transport.verify(input.headers, input.body);
    const text = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
    let envelope: PayNotification<EncryptedResource>;
    try {
      envelope = JSON.parse(text) as PayNotification<EncryptedResource>;
    } catch {
      throw new WechatPayError(undefined, 'NOTIFICATION_INVALID', 'notification body is not JSON');
    }
    if (typeof envelope !== 'object' || envelope === null || typeof envelope.resource !== 'object') {
      throw new WechatPayError(undefined, 'NOTIFICATION_INVALID', 'notification has no resource');
    }
    return { ...envelope, resource: decryptResource(envelope.resource, options.apiV3Key) };
  }

  return {
    mchid: options.mchid,

    async createJsapiPrepay(request) {
      const { json } = await transport.request('POST', '/v3/pay/transactions/jsapi', {
        ...request,
        mchid: options.mchid,
        amount: { total: request.amount.total, currency: request.amount.currency ?? 'CNY' },
      });
      const prepayId = (json as { prepay_id?: unknown } | undefined)?.prepay_id;
      if (typeof prepayId !== 'string' || prepayId.length === 0) {
        throw new WechatPayError(200, 'INVALID_RESPONSE', 'JSAPI prepay answered without prepay_id');
      }
      return { prepay_id: prepayId };
    },

    async queryOrder(outTradeNo) {
      const path = `${orderPath(outTradeNo)}?mchid=${encodeURIComponent(options.mchid)}`;
      return asPayOrderQuery((await transport.request('GET', path)).json);
    },

    async closeOrder(outTradeNo) {
      await transport.request('POST', `${orderPath(outTradeNo)}/close`, { mchid: options.mchid });
    },

    async createRefund(request) {
      const { json } = await transport.request('POST', '/v3/refund/domestic/refunds', {
        ...request,
        amount: { ...request.amount, currency: request.amount.currency ?? 'CNY' },
      });
      return asRefund(json);
    },

    async queryRefund(outRefundNo) {
      const path = `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`;
      return asRefund((await transport.request('GET', path)).json);
    },

    requestPaymentParams(appId, prepayId) {
      return buildRequestPaymentParams({
        appId,
        prepayId,
        privateKey,
        timeStamp: String(Math.floor(now() / 1000)),
      });
    },

    openNotification,

    async verifyNotification(input) {
      return asPayTransaction((await openNotification(input)).resource);
    },

    async verifyRefundNotification(input) {
      const notification = await openNotification(input);
      if (!notification.event_type?.startsWith('REFUND.')) {
        throw new WechatPayError(
          undefined,
          'NOTIFICATION_INVALID',
          `${notification.event_type} is not a refund event`,
        );
      }
      return asRefundNotice(notification.resource);
    },
  };
}
