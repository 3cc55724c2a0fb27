import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';

/** A key as configured: PEM text (public key, X.509 certificate or private key) or a KeyObject. */
export type KeyInput = KeyObject | string;

// Parsing a PEM costs tens of microseconds; configured keys are few, so remember them.
const publicKeyCache = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_LIMIT = 64;

/** Public key of a platform key entry: a public-key PEM, an X.509 certificate PEM, or a KeyObject. */
export function toPublicKey(input: KeyInput): KeyObject {
  if (typeof input !== 'string') return input.type === 'private' ? createPublicKey(input) : input;
  const cached = publicKeyCache.get(input);
  if (cached) return cached;
  const key = input.includes('-----BEGIN CERTIFICATE-----')
    ? new X509Certificate(input).publicKey
    : createPublicKey(input);
  if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear();
  publicKeyCache.set(input, key);
  return key;
}

export function toPrivateKey(input: KeyInput): KeyObject {
  return typeof input === 'string' ? createPrivateKey(input) : input;
}
