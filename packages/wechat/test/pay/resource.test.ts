import { describe, expect, it } from 'vitest';
import { WechatPayError } from '../../src/errors.js';
import { decryptResource, encryptResource } from '../../src/pay/resource.js';

const apiV3Key = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
const transaction = {
  out_trade_no: '1217752501201407033233368018',
  amount: { total: 100 },
  trade_state: 'SUCCESS',
};

function failure(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof WechatPayError) return err.code;
    throw err;
  }
  return undefined;
}

describe('AEAD_AES_256_GCM resources', () => {
  it('decrypts what encryptResource produced (tag = last 16 bytes)', () => {
    const resource = encryptResource(transaction, apiV3Key, 'fdasflkja484');
    expect(resource).toMatchObject({
      algorithm: 'AEAD_AES_256_GCM',
      nonce: 'fdasflkja484',
      associated_data: 'transaction',
    });
    expect(Buffer.from(resource.ciphertext, 'base64').length).toBe(
      Buffer.byteLength(JSON.stringify(transaction)) + 16,
    );
    expect(decryptResource(resource, apiV3Key)).toEqual(transaction);
  });

  it('refuses any changed ciphertext or tag byte, associated data, nonce or key', () => {
    const resource = encryptResource(transaction, apiV3Key, 'fdasflkja484');
    const bytes = Buffer.from(resource.ciphertext, 'base64');
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expect(
        failure(() => decryptResource({ ...resource, ciphertext: tampered.toString('base64') }, apiV3Key)),
      ).toBe('RESOURCE_DECRYPT_FAILED');
    }
    expect(failure(() => decryptResource({ ...resource, associated_data: 'refund' }, apiV3Key))).toBe(
      'RESOURCE_DECRYPT_FAILED',
    );
    expect(failure(() => decryptResource({ ...resource, nonce: 'fdasflkja485' }, apiV3Key))).toBe(
      'RESOURCE_DECRYPT_FAILED',
    );
    expect(failure(() => decryptResource(resource, 'b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb'))).toBe(
      'RESOURCE_DECRYPT_FAILED',
    );
  });

  it('refuses another algorithm, a truncated ciphertext and a key that is not 32 bytes', () => {
    const resource = encryptResource(transaction, apiV3Key);
    expect(failure(() => decryptResource({ ...resource, algorithm: 'AES_256_CBC' }, apiV3Key))).toBe(
      'RESOURCE_DECRYPT_FAILED',
    );
    expect(failure(() => decryptResource({ ...resource, ciphertext: 'AAAA' }, apiV3Key))).toBe(
      'RESOURCE_DECRYPT_FAILED',
    );
    expect(failure(() => decryptResource(resource, 'short'))).toBe('APIV3_KEY_INVALID');
  });
});
