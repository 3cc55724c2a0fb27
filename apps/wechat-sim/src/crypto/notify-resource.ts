// AEAD_AES_256_GCM encryption of a notification's resource with the merchant's APIv3 key.

import { createCipheriv } from 'node:crypto';
import { randomAlnum } from '../ids.js';

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  original_type: string;
  nonce: string;
}

export function encryptResource(
  apiV3Key: string,
  plaintext: string,
  associatedData: string,
  originalType: string,
): EncryptedResource {
  // WeChat's nonce is 12 printable characters, used as the 12-byte GCM IV.
  const nonce = randomAlnum(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: encrypted.toString('base64'),
    associated_data: associatedData,
    original_type: originalType,
    nonce,
  };
}
