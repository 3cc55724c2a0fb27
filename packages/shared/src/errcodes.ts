// The WeChat errcodes the product reacts to, and what each means for a caller.

export const WxErrcode = {
  OK: 0,
  SYSTEM_BUSY: -1,
  INVALID_CREDENTIAL: 40001,
  INVALID_GRANT_TYPE: 40002,
  INVALID_OPENID: 40003,
  INVALID_APPID: 40013,
  INVALID_ACCESS_TOKEN: 40014,
  INVALID_CODE: 40029,
  INVALID_TEMPLATE_ID: 40037,
  INVALID_APPSECRET: 40125,
  CODE_USED: 40163,
  ACCESS_TOKEN_MISSING: 41001,
  APPID_MISSING: 41002,
  SECRET_MISSING: 41004,
  INVALID_FORM_ID: 41028,
  FORM_ID_USED: 41029,
  INVALID_PAGE: 41030,
  ACCESS_TOKEN_EXPIRED: 42001,
  USER_REFUSED: 43101,
  EMPTY_POST_DATA: 44002,
  API_QUOTA_REACHED: 45009,
  API_FREQUENCY_LIMIT: 45011,
  DATA_FORMAT_ERROR: 47001,
  ARGUMENT_INVALID: 47003,
  /** The API is not open to this account: every template send since WeChat switched it off (2020-01-10). */
  API_UNAUTHORIZED: 48001,
} as const;

export type WxErrcodeName = keyof typeof WxErrcode;

/**
 * token: the access token is bad; drop it, refresh, retry once.
 * transient: WeChat is busy or limiting; retry later with backoff.
 * credential: this formId / prepay_id cannot be used; retire it and try the next credential.
 * refused: the user has no subscribe accept left; retire the accept and try the next channel.
 * fatal: retrying the same request cannot help.
 */
export type ErrcodeClass = 'ok' | 'token' | 'transient' | 'credential' | 'refused' | 'fatal';

const TOKEN_ERRCODES: ReadonlySet<number> = new Set([
  WxErrcode.INVALID_CREDENTIAL,
  WxErrcode.INVALID_ACCESS_TOKEN,
  WxErrcode.ACCESS_TOKEN_EXPIRED,
]);
const TRANSIENT_ERRCODES: ReadonlySet<number> = new Set([
  WxErrcode.SYSTEM_BUSY,
  WxErrcode.API_QUOTA_REACHED,
  WxErrcode.API_FREQUENCY_LIMIT,
]);
const CREDENTIAL_ERRCODES: ReadonlySet<number> = new Set([WxErrcode.INVALID_FORM_ID, WxErrcode.FORM_ID_USED]);

export function classifyErrcode(errcode: number): ErrcodeClass {
  if (errcode === 0) return 'ok';
  if (TOKEN_ERRCODES.has(errcode)) return 'token';
  if (TRANSIENT_ERRCODES.has(errcode)) return 'transient';
  if (CREDENTIAL_ERRCODES.has(errcode)) return 'credential';
  if (errcode === WxErrcode.USER_REFUSED) return 'refused';
  return 'fatal';
}

/** The official WXBizMsgCrypt error codes for message-push crypto. */
export const PushCryptoErrcode = {
  VALIDATE_SIGNATURE: -40001,
  PARSE_XML: -40002,
  COMPUTE_SIGNATURE: -40003,
  ILLEGAL_AES_KEY: -40004,
  VALIDATE_APPID: -40005,
  ENCRYPT_AES: -40006,
  DECRYPT_AES: -40007,
  ILLEGAL_BUFFER: -40008,
  ENCODE_BASE64: -40009,
  DECODE_BASE64: -40010,
  GEN_RETURN_XML: -40011,
} as const;
