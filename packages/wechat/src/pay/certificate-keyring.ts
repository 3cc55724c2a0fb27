// Platform-certificate mode: the platform keys are the certificates `GET /v3/certificates` lists, decrypted
// with the APIv3 key and chosen by `Wechatpay-Serial`. WeChat Pay rotates them with an overlap, signing
// with the new serial while the old one is still listed; an unknown serial is the sign to download again.

import { type KeyObject, X509Certificate } from 'node:crypto';
import { WechatPayError } from '../errors.js';
import type { FetchLike } from '../http.js';
import {
  type CertificateStore,
  MemoryCertificateStore,
  type StoredCertificates,
} from './certificate-store.js';
import { DEFAULT_PAY_API_BASE } from './client.js';
import { type KeyInput, toPrivateKey } from './keys.js';
import type { PlatformKeyring } from './platform-keys.js';
import { decryptResourceText, type EncryptedResource } from './resource.js';
import { createSignedRequest, type UncheckedPayAnswer } from './transport.js';
import { readHeader, verifyWechatpaySignature } from './verify.js';

export interface CertificateKeyringOptions {
  mchid: string;
  /** Serial number of the merchant API certificate (the download is a signed request like any other). */
  serialNo: string;
  privateKey: KeyInput;
  apiV3Key: string;
  apiBase?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  now?: () => number;
  maxSkewSeconds?: number;
  /** Shares downloaded sets between processes (default: this process only). */
  store?: CertificateStore;
  /** Least time between two downloads, whatever serials arrive meanwhile (default 60 s). */
  minRefreshIntervalMs?: number;
}

export const DEFAULT_CERTIFICATE_REFRESH_INTERVAL_MS = 60_000;

interface UsableKey {
  publicKey: KeyObject;
  effectiveAt: number;
  expiresAt: number;
}

export function createCertificateKeyring(options: CertificateKeyringOptions): PlatformKeyring {
  const now = options.now ?? Date.now;
  const store = options.store ?? new MemoryCertificateStore();
  const minInterval = options.minRefreshIntervalMs ?? DEFAULT_CERTIFICATE_REFRESH_INTERVAL_MS;
  const send = createSignedRequest({
    mchid: options.mchid,
    serialNo: options.serialNo,
    privateKey: toPrivateKey(options.privateKey),
    apiBase: (options.apiBase ?? DEFAULT_PAY_API_BASE).replace(/\/+$/, ''),
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    now,
  });
  let known = { fetchedAt: Number.NEGATIVE_INFINITY, keys: new Map<string, UsableKey>() };
  // A failed download is not stored anywhere: remembered here, so a failing endpoint is not hammered either.
  let lastFailureAt = Number.NEGATIVE_INFINITY;
  // One refresh in flight per keyring: concurrent unknown serials share it.
  let inflight: Promise<void> | null = null;

  function usableKey(serial: string): KeyObject | undefined {
    const key = known.keys.get(serial);
    const at = now();
    return key && key.effectiveAt <= at && at < key.expiresAt ? key.publicKey : undefined;
  }

  function adopt(stored: StoredCertificates): void {
    if (stored.fetchedAt <= known.fetchedAt) return;
    const keys = new Map<string, UsableKey>();
    for (const c of stored.certificates) {
      const publicKey = new X509Certificate(c.certificatePem).publicKey;
      keys.set(c.serial, { publicKey, effectiveAt: c.effectiveAt, expiresAt: c.expiresAt });
    }
    known = { fetchedAt: stored.fetchedAt, keys };
  }

  async function download(): Promise<StoredCertificates> {
    try {
      const answer = await send('GET', '/v3/certificates');
      const certificates = decryptCertificates(answer.text, options.apiV3Key);
      verifyCertificatesAnswer(answer, certificates, known.keys, now, options.maxSkewSeconds);
      return { certificates, fetchedAt: now() };
    } catch (error) {
      lastFailureAt = now();
      throw error;
    }
  }

  async function refresh(serial: string): Promise<void> {
    // Another instance may have downloaded the set that signs with this serial already. The store says
    // when the last download was, whoever made it.
    const shared = await store.get(options.mchid);
    if (shared) adopt(shared);
    if (usableKey(serial)) return;
    const lastDownloadAt = shared?.fetchedAt ?? Number.NEGATIVE_INFINITY;
    if (now() - Math.max(lastDownloadAt, lastFailureAt) < minInterval) return;
    adopt(
      await store.update(options.mchid, async (current) =>
        current && now() - current.fetchedAt < minInterval ? current : download(),
      ),
    );
  }

  return {
    async keyFor(headerSerial) {
      const serial = headerSerial.toUpperCase();
      const key = usableKey(serial);
      if (key) return key;
      inflight ??= refresh(serial).finally(() => {
        inflight = null;
      });
      await inflight;
      return usableKey(serial);
    },
  };
}

interface CertificateEntry {
  serial_no?: unknown;
  effective_time?: unknown;
  expire_time?: unknown;
  encrypt_certificate?: EncryptedResource;
}

function invalidAnswer(message: string): WechatPayError {
  return new WechatPayError(200, 'INVALID_RESPONSE', `/v3/certificates: ${message}`);
}

/** Each `encrypt_certificate` decrypted with the APIv3 key and checked to be the X.509 its serial_no names. */
function decryptCertificates(text: string, apiV3Key: string): StoredCertificates['certificates'] {
  let entries: unknown;
  try {
    entries = (JSON.parse(text) as { data?: unknown }).data;
  } catch {
    throw invalidAnswer('the answer is not JSON');
  }
  if (!Array.isArray(entries) || entries.length === 0) throw invalidAnswer('the answer lists no certificate');
  return (entries as CertificateEntry[]).map((entry) => {
    if (typeof entry.serial_no !== 'string' || typeof entry.encrypt_certificate !== 'object') {
      throw invalidAnswer('an entry lacks serial_no or encrypt_certificate');
    }
    const certificatePem = decryptResourceText(entry.encrypt_certificate, apiV3Key);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(certificatePem);
    } catch {
      throw invalidAnswer(`certificate ${entry.serial_no} is not an X.509 PEM`);
    }
    const serial = entry.serial_no.toUpperCase();
    if (certificate.serialNumber.toUpperCase() !== serial) {
      throw invalidAnswer(`serial_no ${entry.serial_no} is not the serial of its certificate`);
    }
    const effectiveAt = Date.parse(String(entry.effective_time));
    const expiresAt = Date.parse(String(entry.expire_time));
    if (Number.isNaN(effectiveAt) || Number.isNaN(expiresAt)) {
      throw invalidAnswer(`certificate ${serial} has no valid effective_time / expire_time`);
    }
    return { serial, certificatePem, effectiveAt, expiresAt };
  });
}

/**
 * The certificates answer is signed like every answer, but its signer may be new to us. We follow WeChat
 * Pay's CertificateDownloader (github.com/wechatpay-apiv3/CertificateDownloader, "工具会通过解密得到的证书，
 * 来验证报文的签名"): verify with a certificate the answer carries, which only WeChat Pay could have encrypted
 * under our APIv3 key (GCM authenticates it), or with one we already trusted.
 */
function verifyCertificatesAnswer(
  answer: UncheckedPayAnswer,
  certificates: StoredCertificates['certificates'],
  trusted: ReadonlyMap<string, UsableKey>,
  now: () => number,
  maxSkewSeconds: number | undefined,
): void {
  const headerSerial = readHeader(answer.headers, 'wechatpay-serial') ?? '';
  const serial = headerSerial.toUpperCase();
  const signer =
    certificates.find((c) => c.serial === serial)?.certificatePem ?? trusted.get(serial)?.publicKey;
  verifyWechatpaySignature({
    headers: answer.headers,
    body: answer.text,
    platformKeys: signer === undefined ? new Map() : new Map([[headerSerial, signer]]),
    now,
    maxSkewSeconds,
  });
}
