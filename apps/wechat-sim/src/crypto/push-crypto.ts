// WeChat's side of WXBizMsgCrypt: sign and encrypt pushed messages for the merchant's server.

import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/** sha1 of the sorted, concatenated parts: `signature` (3 parts) or `msg_signature` (with Encrypt). */
export function pushSignature(token: string, timestamp: string, nonce: string, encrypt?: string): string {
  const parts = encrypt === undefined ? [token, timestamp, nonce] : [token, timestamp, nonce, encrypt];
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}

/** AES-256-CBC over random(16) + length(4, big-endian) + message + appid, PKCS#7-padded to 32 bytes. */
export function encryptPushMessage(message: string, encodingAESKey: string, appid: string): string {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw new Error('EncodingAESKey must be 43 base64 characters');
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const frame = Buffer.concat([randomBytes(16), length, body, Buffer.from(appid, 'utf8')]);
  const padLength = 32 - (frame.length % 32);
  const padded = Buffer.concat([frame, Buffer.alloc(padLength, padLength)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}
