// The keys WeChat Pay signs answers and notifications with. Public-key mode: one fixed key with a
// `PUB_KEY_ID_...` serial. Certificate mode: the certificates `GET /v3/certificates` lists; a rotation
// issues a new one that signs from then on, while the old one stays listed for an overlap.
// Certificate times read the real clock, like signature timestamps: the merchant checks them against its own.

import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { selfSignedCertificatePem } from '../crypto/self-signed-certificate.js';
import { randomHex } from '../ids.js';

export type PlatformMode = 'public-key' | 'certificate';

export interface PlatformSigner {
  serial: string;
  privateKey: KeyObject;
}

export interface PlatformCertificate extends PlatformSigner {
  certificatePem: string;
  effectiveAt: number;
  expiresAt: number;
}

/** WeChat Pay's platform certificates are valid for 5 years. */
const CERTIFICATE_LIFETIME_MS = 5 * 365 * 86_400_000;

export const platformModeOf = (serial: string): PlatformMode =>
  serial.startsWith('PUB_KEY_ID_') ? 'public-key' : 'certificate';

function certificateFor(signer: PlatformSigner, effectiveAt: number): PlatformCertificate {
  const expiresAt = effectiveAt + CERTIFICATE_LIFETIME_MS;
  const certificatePem = selfSignedCertificatePem({
    serial: signer.serial,
    organization: 'Tenpay.com',
    commonName: 'Tenpay.com sim platform certificate',
    notBefore: new Date(effectiveAt),
    notAfter: new Date(expiresAt),
    privateKey: signer.privateKey,
    publicKey: createPublicKey(signer.privateKey),
  });
  return { ...signer, certificatePem, effectiveAt, expiresAt };
}

export class PlatformKeys {
  readonly mode: PlatformMode;
  private certificates: PlatformCertificate[] = [];

  constructor(
    private readonly configured: PlatformSigner,
    private readonly realNow: () => number = Date.now,
  ) {
    this.mode = platformModeOf(configured.serial);
    if (this.mode === 'certificate' && !/^[0-9A-F]{2,40}$/i.test(configured.serial)) {
      throw new Error('SimOptions.platform.serial must be PUB_KEY_ID_... or a hex certificate serial');
    }
    this.reset();
  }

  /** Who signs now: the newest certificate, or the public key. */
  signer(): PlatformSigner {
    return this.certificates.at(-1) ?? this.configured;
  }

  /** What `GET /v3/certificates` lists: every certificate not yet expired, oldest first. */
  listed(): PlatformCertificate[] {
    const now = this.realNow();
    return this.certificates.filter((c) => c.expiresAt > now);
  }

  /**
   * A new key and certificate that sign from now on; the certificates before it stay listed for
   * `overlapMs` more (their expire_time moves there), as when WeChat Pay replaces one nearing its end.
   */
  rotate(overlapMs: number): PlatformCertificate {
    if (this.mode === 'public-key') throw new Error('a public-key merchant has no platform certificate');
    const now = this.realNow();
    for (const old of this.certificates) old.expiresAt = Math.min(old.expiresAt, now + overlapMs);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    // A certificate serial is 20 bytes, written as 40 uppercase hex digits.
    const next = certificateFor({ serial: randomHex(20).toUpperCase(), privateKey }, now);
    this.certificates.push(next);
    return next;
  }

  /** Back to the configured key (its certificate issued a day ago, in certificate mode). */
  reset(): void {
    this.certificates =
      this.mode === 'certificate' ? [certificateFor(this.configured, this.realNow() - 86_400_000)] : [];
  }
}
