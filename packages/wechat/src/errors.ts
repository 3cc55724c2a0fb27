import { classifyErrcode, type ErrcodeClass, type PushCryptoErrcode } from '@checkout/shared';

/** WeChat answered HTTP 200 with a non-zero errcode. */
export class WechatApiError extends Error {
  override readonly name = 'WechatApiError';
  readonly api: string;
  readonly errcode: number;
  readonly errmsg: string;
  readonly kind: ErrcodeClass;
  /** True when the same call may succeed later (token refresh, busy, rate limit). */
  readonly retryable: boolean;

  constructor(api: string, errcode: number, errmsg: string) {
    super(`${api} failed: errcode ${errcode} (${errmsg})`);
    this.api = api;
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.kind = classifyErrcode(errcode);
    this.retryable = this.kind === 'token' || this.kind === 'transient';
  }
}

/** The call never produced a WeChat answer: network error, timeout, non-200 status or unreadable body. */
export class WechatHttpError extends Error {
  override readonly name = 'WechatHttpError';
  readonly api: string;
  /** HTTP status when a response arrived; undefined for network errors and timeouts. */
  readonly status: number | undefined;
  readonly retryable = true;

  constructor(api: string, status: number | undefined, message: string, options?: { cause?: unknown }) {
    super(`${api} failed: ${message}`, options);
    this.api = api;
    this.status = status;
  }
}

/** WeChat Pay v3 failure: an error answer ({code, message}) or a local verification failure. */
export class WechatPayError extends Error {
  override readonly name: string = 'WechatPayError';
  /** WeChat Pay's HTTP status; undefined when the failure was detected locally. */
  readonly status: number | undefined;
  /** WeChat Pay's error code (e.g. PARAM_ERROR) or a local one (e.g. SIGNATURE_INVALID). */
  readonly code: string;
  readonly retryable: boolean;

  constructor(status: number | undefined, code: string, message: string, retryable = false) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryable = retryable;
  }
}

export type PaySignatureProblem =
  | 'MISSING_HEADER'
  | 'UNKNOWN_SERIAL'
  | 'STALE_TIMESTAMP'
  | 'SIGNATURE_INVALID';

/** A WeChat Pay signature (notification or response) could not be trusted. */
export class WechatPaySignatureError extends WechatPayError {
  override readonly name = 'WechatPaySignatureError';
  override readonly code: PaySignatureProblem;

  constructor(code: PaySignatureProblem, message: string) {
    super(undefined, code, message, false);
    this.code = code;
  }
}

export type PushCryptoErrcodeValue = (typeof PushCryptoErrcode)[keyof typeof PushCryptoErrcode];

/** Message-push crypto failure carrying the official WXBizMsgCrypt code (-40001 ... -40011). */
export class PushCryptoError extends Error {
  override readonly name = 'PushCryptoError';
  readonly code: PushCryptoErrcodeValue;

  constructor(code: PushCryptoErrcodeValue, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A subscribe-message value breaks its key's rule; thrown before anything is sent to WeChat. */
export class SubscribeDataError extends Error {
  override readonly name = 'SubscribeDataError';
  readonly key: string;
  readonly reason: string;

  constructor(key: string, reason: string) {
    super(`subscribe data ${key}: ${reason}`);
    this.key = key;
    this.reason = reason;
  }
}
