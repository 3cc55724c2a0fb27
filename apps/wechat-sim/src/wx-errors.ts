// WeChat answers API errors with HTTP 200 and {errcode, errmsg}; the messages follow WeChat's wording.

import { newRequestId } from './ids.js';

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40163: 'code been used',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41028: 'invalid form id',
  41029: 'form id used count reach limit',
  41030: 'invalid page',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
};

export interface WxErrorBody {
  errcode: number;
  errmsg: string;
}

/** `{errcode, errmsg}` with WeChat's trailing ` rid: ...`, so clients cannot match errmsg exactly. */
export function wxError(errcode: number, detail?: string): WxErrorBody {
  const base = ERRMSG[errcode] ?? 'unknown error';
  const text = detail ? `${base} ${detail}` : base;
  return { errcode, errmsg: `${text} rid: ${newRequestId()}` };
}
