// Checks a merchant's `Authorization: WECHATPAY2-SHA256-RSA2048 ...` header the way WeChat Pay does.

import { type KeyObject, verify } from 'node:crypto';

export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
export const MAX_CLOCK_SKEW_S = 300;

export interface AuthorizationFields {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

const FIELD_NAMES = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'] as const;

export function parseAuthorization(header: string | undefined): AuthorizationFields | string {
  if (!header) return 'Authorization header is missing';
  if (!header.startsWith(`${AUTH_SCHEME} `)) return `Authorization scheme must be ${AUTH_SCHEME}`;
  const fields: Record<string, string> = {};
  for (const match of header.slice(AUTH_SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    fields[match[1]!] = match[2]!;
  }
  for (const name of FIELD_NAMES) {
    if (!fields[name]) return `Authorization lacks ${name}`;
  }
  return fields as unknown as AuthorizationFields;
}

export function requestSignString(
  method: string,
  url: string,
  timestamp: string,
  nonce: string,
  body: string,
) {
  return `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

export interface MerchantIdentity {
  mchid: string;
  serialNo: string;
  publicKey: KeyObject;
}

/** null when the request is the merchant's, else the reason WeChat Pay would give. */
export function verifyMerchantRequest(
  merchant: MerchantIdentity,
  request: { method: string; url: string; body: string; authorization: string | undefined },
  nowSeconds: number,
): string | null {
  const fields = parseAuthorization(request.authorization);
  if (typeof fields === 'string') return fields;
  if (fields.mchid !== merchant.mchid) return `mchid ${fields.mchid} is not the configured merchant`;
  if (fields.serial_no !== merchant.serialNo)
    return `serial_no ${fields.serial_no} is not the merchant's key`;
  if (!/^\d+$/.test(fields.timestamp)) return 'timestamp must be Unix seconds';
  if (Math.abs(nowSeconds - Number(fields.timestamp)) > MAX_CLOCK_SKEW_S) {
    return `timestamp is more than ${MAX_CLOCK_SKEW_S} s away from the server clock`;
  }
  const signed = requestSignString(
    request.method,
    request.url,
    fields.timestamp,
    fields.nonce_str,
    request.body,
  );
  const ok = verify(
    'RSA-SHA256',
    Buffer.from(signed),
    merchant.publicKey,
    Buffer.from(fields.signature, 'base64'),
  );
  return ok ? null : 'signature does not match the request';
}
