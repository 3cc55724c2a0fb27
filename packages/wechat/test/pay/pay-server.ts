// A merchant, a platform certificate and a local server that answers like WeChat Pay, for client tests.

import { verify } from 'node:crypto';
import type { PayClientOptions } from '../../src/pay/client.js';
import { buildRequestSignString } from '../../src/pay/sign.js';
import type { Answer, ReceivedRequest } from '../helpers/local-server.js';
import { generateRsaKeyPair, platformCertificate } from './keys.js';
import { wechatpayHeaders } from './notification.js';

export const merchant = generateRsaKeyPair();
export const MCHID = '1900009191';
export const MERCHANT_SERIAL = '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB';
export const PLATFORM_SERIAL = platformCertificate.serial;
export const apiV3Key = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
export const NOW_S = 1_714_112_445;

export function options(apiBase: string, extra: Partial<PayClientOptions> = {}): PayClientOptions {
  return {
    mchid: MCHID,
    serialNo: MERCHANT_SERIAL,
    privateKey: merchant.privatePem,
    apiV3Key,
    platformKeys: new Map([[PLATFORM_SERIAL, platformCertificate.certPem]]),
    apiBase,
    now: () => NOW_S * 1000,
    ...extra,
  };
}

/** Checks the merchant Authorization the way WeChat Pay does; 401 when it does not verify. */
export function merchantSignatureValid(req: ReceivedRequest): boolean {
  const header = String(req.headers.authorization ?? '');
  const fields = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (!header.startsWith('WECHATPAY2-SHA256-RSA2048 ') || fields.mchid !== MCHID) return false;
  if (fields.serial_no !== MERCHANT_SERIAL) return false;
  const message = buildRequestSignString(
    req.method,
    req.url.pathname + req.url.search,
    fields.timestamp ?? '',
    fields.nonce_str ?? '',
    req.body,
  );
  return verify(
    'sha256',
    Buffer.from(message),
    merchant.publicKey,
    Buffer.from(fields.signature ?? '', 'base64'),
  );
}

export function signedAnswer(
  body: object,
  status = 200,
  privateKey: string = platformCertificate.privatePem,
): Answer {
  const text = JSON.stringify(body);
  return {
    status,
    body: text,
    headers: wechatpayHeaders({ body: text, privateKey, serial: PLATFORM_SERIAL, timestamp: NOW_S }),
  };
}
