import { WechatPayError } from '../errors.js';
import { DEFAULT_TIMEOUT_MS, type FetchLike } from '../http.js';
import type { KeyInput } from './keys.js';
import { toPrivateKey } from './keys.js';
import { decryptResource, type EncryptedResource } from './resource.js';
import { buildAuthorization, buildRequestPaymentParams, type RequestPaymentParams } from './sign.js';
import type { JsapiPrepayRequest, PayNotification, PayTransaction } from './types.js';
import { type HeaderSource, hasWechatpaySignature, verifyWechatpaySignature } from './verify.js';

export const DEFAULT_PAY_API_BASE = 'https://api.mch.weixin.qq.com';

export interface PayClientOptions {
  mchid: string;
  /** Serial number of the merchant API certificate. */
  serialNo: string;
  privateKey: KeyInput;
  apiV3Key: string;
  /** Platform certificate serial or `PUB_KEY_ID_...` -> public key (PEM, certificate PEM or KeyObject). */
  platformKeys: ReadonlyMap<string, KeyInput>;
  apiBase?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  now?: () => number;
  /** Refuse answers without signature headers (WeChat Pay always signs; some test doubles do not). */
  requireResponseSignature?: boolean;
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
  /** The signed `wx.requestPayment` parameters for a prepay_id. */
  requestPaymentParams(appId: string, prepayId: string): RequestPaymentParams;
  /** Verifies signature and clock window, parses the envelope and decrypts the resource. */
  openNotification(input: PayNotificationInput): PayNotification<unknown>;
  /** openNotification for TRANSACTION.* events, with the resource checked to be a transaction. */
  verifyNotification(input: PayNotificationInput): PayTransaction;
}

const RETRYABLE_PAY_CODES: ReadonlySet<string> = new Set(['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'BANK_ERROR']);

export function createPayClient(options: PayClientOptions): PayClient {
  const apiBase = (options.apiBase ?? DEFAULT_PAY_API_BASE).replace(/\/+$/, '');
  const fetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  // Parse the merchant key once: every request and every paySign uses it.
  const privateKey = toPrivateKey(options.privateKey);

  function verify(headers: HeaderSource, body: string | Buffer): void {
    verifyWechatpaySignature({
      headers,
      body,
      platformKeys: options.platformKeys,
      now,
      maxSkewSeconds: options.maxSkewSeconds,
    });
  }

  async function post(path: string, payload: unknown): Promise<unknown> {
    const body = JSON.stringify(payload);
    const authorization = buildAuthorization({
      mchid: options.mchid,
      serialNo: options.serialNo,
      privateKey,
      method: 'POST',
      pathWithQuery: path,
      body,
      timestamp: String(Math.floor(now() / 1000)),
    });
    let response: Response;
    try {
      response = await fetch(`${apiBase}${path}`, {
        method: 'POST',
        headers: {
          authorization,
          accept: 'application/json',
          'content-type': 'application/json',
          'user-agent': '@checkout/wechat',
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new WechatPayError(undefined, 'NETWORK_ERROR', `${path} failed: network error or timeout`, true);
    }
    const text = await response.text();
    if (response.status < 200 || response.status >= 300) {
      const { code, message } = parseErrorBody(text);
      throw new WechatPayError(
        response.status,
        code ?? `HTTP_${response.status}`,
        message ?? `${path} failed with HTTP ${response.status}`,
        response.status >= 500 ||
          response.status === 429 ||
          (code !== undefined && RETRYABLE_PAY_CODES.has(code)),
      );
    }
    if (options.requireResponseSignature || hasWechatpaySignature(response.headers))
      verify(response.headers, text);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new WechatPayError(
        response.status,
        'INVALID_RESPONSE',
        `${path} answered with something that is not JSON`,
      );
    }
  }

  function openNotification(input: PayNotificationInput): PayNotification<unknown> {
    verify(input.headers, input.body);
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
      const answer = await post('/v3/pay/transactions/jsapi', {
        ...request,
        mchid: options.mchid,
        amount: { total: request.amount.total, currency: request.amount.currency ?? 'CNY' },
      });
      const prepayId = (answer as { prepay_id?: unknown } | null)?.prepay_id;
      if (typeof prepayId !== 'string' || prepayId.length === 0) {
        throw new WechatPayError(200, 'INVALID_RESPONSE', 'JSAPI prepay answered without prepay_id');
      }
      return { prepay_id: prepayId };
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

    verifyNotification(input) {
      const { resource } = openNotification(input);
      return asPayTransaction(resource);
    },
  };
}

function parseErrorBody(text: string): { code?: string; message?: string } {
  try {
    const json = JSON.parse(text) as { code?: unknown; message?: unknown };
    return {
      code: typeof json.code === 'string' ? json.code : undefined,
      message: typeof json.message === 'string' ? json.message : undefined,
    };
  } catch {
    return {};
  }
}

/** Checks the fields the product relies on before calling the decrypted resource a transaction. */
export function asPayTransaction(resource: unknown): PayTransaction {
  const r = resource as Partial<PayTransaction> | null;
  const missing = (field: string): never => {
    throw new WechatPayError(undefined, 'RESOURCE_INVALID', `transaction resource has no valid ${field}`);
  };
  if (typeof r !== 'object' || r === null) return missing('object');
  for (const field of ['appid', 'mchid', 'out_trade_no', 'transaction_id', 'trade_state'] as const) {
    if (typeof r[field] !== 'string') missing(field);
  }
  if (typeof r.amount?.total !== 'number' || !Number.isInteger(r.amount.total)) missing('amount.total');
  if (typeof r.payer?.openid !== 'string') missing('payer.openid');
  return r as PayTransaction;
}
