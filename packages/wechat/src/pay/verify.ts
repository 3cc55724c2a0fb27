import { verify } from 'node:crypto';
import { WechatPaySignatureError } from '../errors.js';
import { type KeyInput, toPublicKey } from './keys.js';

/** Node's IncomingHttpHeaders, a plain record, or a fetch Headers object. */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface WechatpaySignatureInput {
  headers: HeaderSource;
  /** The exact raw bytes received; never a re-serialised body. */
  body: string | Buffer;
  /** Platform certificate serial or `PUB_KEY_ID_...` -> public key (PEM, certificate PEM or KeyObject). */
  platformKeys: ReadonlyMap<string, KeyInput>;
  now?: () => number;
  maxSkewSeconds?: number;
}

export const DEFAULT_MAX_SKEW_SECONDS = 300;

export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  let value = record[name];
  if (value === undefined) {
    const wanted = name.toLowerCase();
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() === wanted) {
        value = record[key];
        break;
      }
    }
  }
  return typeof value === 'string' ? value : value?.[0];
}

function requireHeader(headers: HeaderSource, name: string): string {
  const value = readHeader(headers, name);
  if (!value) throw new WechatPaySignatureError('MISSING_HEADER', `${name} header is missing`);
  return value;
}

/**
 * Verifies a WeChat Pay signature (notification or response) over `TIMESTAMP\nNONCE\nBODY\n`, with the
 * key chosen by Wechatpay-Serial and the timestamp within +-maxSkewSeconds. Throws WechatPaySignatureError.
 */
export function verifyWechatpaySignature(input: WechatpaySignatureInput): void {
  const timestamp = requireHeader(input.headers, 'wechatpay-timestamp');
  const nonce = requireHeader(input.headers, 'wechatpay-nonce');
  const signature = requireHeader(input.headers, 'wechatpay-signature');
  const serial = requireHeader(input.headers, 'wechatpay-serial');

  const key = input.platformKeys.get(serial);
  if (key === undefined) {
    throw new WechatPaySignatureError(
      'UNKNOWN_SERIAL',
      `Wechatpay-Serial ${serial} is not a known platform key`,
    );
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new WechatPaySignatureError('STALE_TIMESTAMP', 'Wechatpay-Timestamp is not a unix timestamp');
  }
  const nowSeconds = Math.floor((input.now ?? Date.now)() / 1000);
  const maxSkew = input.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  if (Math.abs(nowSeconds - Number(timestamp)) > maxSkew) {
    throw new WechatPaySignatureError(
      'STALE_TIMESTAMP',
      `Wechatpay-Timestamp is more than ${maxSkew} s away`,
    );
  }

  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), body, NEWLINE]);
  const ok = verify('sha256', message, toPublicKey(key), Buffer.from(signature, 'base64'));
  if (!ok) throw new WechatPaySignatureError('SIGNATURE_INVALID', 'Wechatpay-Signature does not verify');
}

const NEWLINE = Buffer.from('\n', 'utf8');
