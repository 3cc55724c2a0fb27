import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface TestKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privatePem: string;
  publicPem: string;
}

export function generateRsaKeyPair(): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A self-signed certificate and its key, generated once with openssl for these tests only. */
export const platformCertificate = {
  serial: '6A522E66F06BA38BAD867B1971A9C4B4266422EC',
  certPem: readFileSync(new URL('../fixtures/platform-cert-test.pem', import.meta.url), 'utf8'),
  privatePem: readFileSync(new URL('../fixtures/platform-cert-test-key.pem', import.meta.url), 'utf8'),
};

/** A second one (another key and serial), for rotations. */
export const nextPlatformCertificate = {
  serial: '3C5A8F0E2B9D41A6C7E0F1D2B3A4958677ABCDEF',
  certPem: readFileSync(new URL('../fixtures/platform-cert-test-2.pem', import.meta.url), 'utf8'),
  privatePem: readFileSync(new URL('../fixtures/platform-cert-test-2-key.pem', import.meta.url), 'utf8'),
};
