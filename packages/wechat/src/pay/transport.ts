import type { KeyObject } from 'node:crypto';
import { WechatPayError } from '../errors.js';
import { DEFAULT_TIMEOUT_MS, type FetchLike } from '../http.js';
import { createNodePayHttp, type PayHttpAnswer, payHttpOverFetch } from './pay-http.js';
import type { PlatformKeyring } from './platform-keys.js';
import { buildAuthorization } from './sign.js';
import { type HeaderSource, readHeader, verifyWechatpaySignature } from './verify.js';

export interface SignedRequestOptions {
  mchid: string;
  serialNo: string;
  privateKey: KeyObject;
  apiBase: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  now: () => number;
}

export interface PayTransportOptions extends SignedRequestOptions {
  keyring: PlatformKeyring;
  maxSkewSeconds?: number;
}

/** A 2xx answer as received: its signature not checked yet. */
export type UncheckedPayAnswer = PayHttpAnswer;

/** Sends a request signed with the merchant key; non-2xx answers and network failures throw WechatPayError. */
export type SignedRequest = (
  method: 'GET' | 'POST',
  pathWithQuery: string,
  payload?: unknown,
) => Promise<UncheckedPayAnswer>;

/** A verified WeChat Pay answer: its status and parsed JSON (undefined for an empty 204). */
export interface PayAnswer {
  status: number;
  json: unknown;
}

export interface PayTransport {
  request(method: 'GET' | 'POST', pathWithQuery: string, payload?: unknown): Promise<PayAnswer>;
  /** Checks a signed message (answer or notification) with the platform key its serial names. */
  verify(headers: HeaderSource, body: string | Buffer): Promise<void>;
}

const RETRYABLE_PAY_CODES: ReadonlySet<string> = new Set(['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'BANK_ERROR']);

/**
 * The merchant half of the transport. Only the platform-certificate download uses it alone: that answer is
 * signed by a certificate it carries, so it cannot go through a keyring that is still being filled.
 */
export function createSignedRequest(options: SignedRequestOptions): SignedRequest {
  const send = options.fetch ? payHttpOverFetch(options.fetch) : createNodePayHttp();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (method, path, payload) => {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const authorization = buildAuthorization({
      mchid: options.mchid,
      serialNo: options.serialNo,
      privateKey: options.privateKey,
      method,
      pathWithQuery: path,
      body,
      timestamp: String(Math.floor(options.now() / 1000)),
    });
    let answer: PayHttpAnswer;
    try {
      answer = await send(`${options.apiBase}${path}`, {
        method,
        headers: {
          authorization,
          accept: 'application/json',
          'user-agent': '@checkout/wechat',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body }),
        timeoutMs,
      });
    } catch {
      throw new WechatPayError(undefined, 'NETWORK_ERROR', `${path} failed: network error or timeout`, true);
    }
    if (answer.status < 200 || answer.status >= 300) throw errorAnswer(path, answer.status, answer.text);
    return answer;
  };
}

/** Signs every request with the merchant key and refuses every 2xx answer that WeChat Pay did not sign. */
export function createPayTransport(options: PayTransportOptions): PayTransport {
  const send = createSignedRequest(options);

  async function verify(headers: HeaderSource, body: string | Buffer): Promise<void> {
    const serial = readHeader(headers, 'wechatpay-serial');
    const key = serial === undefined ? undefined : await options.keyring.keyFor(serial);
    verifyWechatpaySignature({
      headers,
      body,
      platformKeys: serial !== undefined && key !== undefined ? new Map([[serial, key]]) : new Map(),
      now: options.now,
      maxSkewSeconds: options.maxSkewSeconds,
    });
  }

  async function request(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<PayAnswer> {
    const { status, headers, text } = await send(method, path, payload);
    // WeChat Pay signs every success answer; an unsigned or badly signed one may come from anyone.
    await verify(headers, text);
    if (text === '') return { status, json: undefined };
    try {
      return { status, json: JSON.parse(text) as unknown };
    } catch {
      throw new WechatPayError(
        status,
        'INVALID_RESPONSE',
        `${path} answered with something that is not JSON`,
      );
    }
  }

  return { request, verify };
}

function errorAnswer(path: string, status: number, text: string): WechatPayError {
  let code: string | undefined;
  let message: string | undefined;
  try {
    const json = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof json.code === 'string') code = json.code;
    if (typeof json.message === 'string') message = json.message;
  } catch {
    // not JSON: the status alone describes it
  }
  const retryable = status >= 500 || status === 429 || (code !== undefined && RETRYABLE_PAY_CODES.has(code));
  return new WechatPayError(
    status,
    code ?? `HTTP_${status}`,
    message ?? `${path} failed with HTTP ${status}`,
    retryable,
  );
}
