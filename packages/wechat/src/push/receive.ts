import { PushCryptoErrcode } from '@checkout/shared';
import { PushCryptoError } from '../errors.js';
import { type PushCrypto, verifySignature } from './crypto.js';
import {
  detectPushFormat,
  extractEncrypt,
  type PushFields,
  type PushFormat,
  parsePushBody,
} from './parse.js';

/** The query string WeChat adds to a push POST. */
export interface PushQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  /** `aes` in compatible and safe mode. */
  encrypt_type?: string;
  msg_signature?: string;
  openid?: string;
}

export interface OpenPushInput {
  crypto: PushCrypto;
  query: PushQuery;
  /** The raw body as received. */
  body: string;
  contentType?: string;
  /** Refuse pushes whose timestamp is further than this from now (replay window); unchecked when absent. */
  maxSkewSeconds?: number;
  now?: () => number;
}

export interface OpenedPush {
  /** `aes` when the message came from the Encrypt field (compatible or safe mode). */
  mode: 'plaintext' | 'aes';
  format: PushFormat;
  message: PushFields;
  /** The decrypted (or plaintext) message text, as WeChat sent it. */
  text: string;
}

function signatureError(message: string): PushCryptoError {
  return new PushCryptoError(PushCryptoErrcode.VALIDATE_SIGNATURE, message);
}

/**
 * Verifies, decrypts and parses one push POST. In `aes` mode only the authenticated Encrypt field is
 * used (the envelope is not fully parsed); in plaintext mode the URL signature is checked and the body parsed.
 */
export function openPushMessage(input: OpenPushInput): OpenedPush {
  const { crypto, query, body } = input;
  const { timestamp, nonce } = query;
  if (!timestamp || !nonce) throw signatureError('timestamp and nonce are required');
  if (input.maxSkewSeconds !== undefined) {
    const nowSeconds = Math.floor((input.now ?? Date.now)() / 1000);
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > input.maxSkewSeconds) {
      throw signatureError(`timestamp is outside the ${input.maxSkewSeconds} s replay window`);
    }
  }
  const outerFormat = detectPushFormat(body, input.contentType);

  if (query.encrypt_type === 'aes') {
    if (!query.msg_signature) throw signatureError('msg_signature is required when encrypt_type is aes');
    const encrypt = extractEncrypt(body, outerFormat);
    if (!encrypt) throw new PushCryptoError(PushCryptoErrcode.PARSE_XML, 'body has no Encrypt field');
    crypto.verifyMessageSignature(query.msg_signature, timestamp, nonce, encrypt);
    const text = crypto.decrypt(encrypt);
    const format = detectPushFormat(text);
    return { mode: 'aes', format, message: parsePushBody(text, format), text };
  }

  if (!query.signature || !verifySignature(crypto.signature(timestamp, nonce), query.signature)) {
    throw signatureError('signature does not match');
  }
  return { mode: 'plaintext', format: outerFormat, message: parsePushBody(body, outerFormat), text: body };
}
