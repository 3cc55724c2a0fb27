import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WechatPayError } from '../errors.js';

/** The encrypted `resource` of a WeChat Pay notification. */
export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
  original_type?: string;
}

const TAG_LENGTH = 16;

function apiV3KeyBytes(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32)
    throw new WechatPayError(undefined, 'APIV3_KEY_INVALID', 'the APIv3 key must be 32 bytes');
  return key;
}

function decryptFailed(message: string): WechatPayError {
  return new WechatPayError(undefined, 'RESOURCE_DECRYPT_FAILED', message);
}

/** AEAD_AES_256_GCM decryption (tag = last 16 bytes of the ciphertext) of a resource to its plaintext. */
export function decryptResourceText(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') {
    throw decryptFailed(`resource algorithm ${String(resource.algorithm)} is not AEAD_AES_256_GCM`);
  }
  const key = apiV3KeyBytes(apiV3Key);
  const data = Buffer.from(String(resource.ciphertext), 'base64');
  if (data.length <= TAG_LENGTH) throw decryptFailed('resource ciphertext is too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(String(resource.nonce), 'utf8'), {
      authTagLength: TAG_LENGTH,
    });
    decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([
      decipher.update(data.subarray(0, data.length - TAG_LENGTH)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw decryptFailed('resource does not decrypt with the APIv3 key (tampered or wrong key)');
  }
}

/** decryptResourceText and a JSON parse of the plaintext (notifications carry JSON). */
export function decryptResource<T = unknown>(resource: EncryptedResource, apiV3Key: string): T {
  const plaintext = decryptResourceText(resource, apiV3Key);
  try {
    return JSON.parse(plaintext) as T;
  } catch {
    throw decryptFailed('decrypted resource is not JSON');
  }
}

/** The inverse of decryptResource: what WeChat Pay (or the emulator) puts in a notification. */
export function encryptResource(
  plaintextJson: string | object,
  apiV3Key: string,
  nonce: string = randomBytes(6).toString('hex'),
  associatedData = 'transaction',
): EncryptedResource {
  const plaintext = typeof plaintextJson === 'string' ? plaintextJson : JSON.stringify(plaintextJson);
  const cipher = createCipheriv('aes-256-gcm', apiV3KeyBytes(apiV3Key), Buffer.from(nonce, 'utf8'), {
    authTagLength: TAG_LENGTH,
  });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: encrypted.toString('base64'),
    nonce,
    associated_data: associatedData,
    original_type: 'transaction',
  };
}
