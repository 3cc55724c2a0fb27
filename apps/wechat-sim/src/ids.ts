// Identifier shapes that look like WeChat's own, so clients that check formats are not surprised.

import { randomBytes, randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** 28 characters starting with `o`, like a mini-program openid. */
export const newOpenid = (): string => `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
export const newUnionid = (): string => `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
export const newLoginCode = (): string => `0${randomAlnum(31)}`;
export const newFormId = (): string => randomHex(16);
export const newAccessToken = (): string => `${randomDigits(2)}_${randomAlnum(134)}`;
export const newSessionKey = (): string => randomBytes(16).toString('base64');
export const newRequestId = (): string =>
  `${randomHex(4)}-${randomHex(2)}-${randomHex(2)}-${randomHex(2)}-${randomHex(6)}`;

/** `wx` + yyyyMMddHHmmss + 20 hex characters, like a Pay prepay_id. */
export function newPrepayId(epochMs: number): string {
  const stamp = new Date(epochMs + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `wx${stamp}${randomHex(10)}`;
}

/** 28 digits starting 4200, like a WeChat Pay transaction id. */
export const newTransactionId = (): string => `4200${randomDigits(24)}`;

/** 29 digits starting 5000, like a WeChat Pay refund_id. */
export const newRefundId = (): string => `5000${randomDigits(25)}`;
