import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WechatPayError, WechatPaySignatureError } from '../../src/errors.js';
import { createCertificateKeyring } from '../../src/pay/certificate-keyring.js';
import { MemoryCertificateStore } from '../../src/pay/certificate-store.js';
import { toPublicKey } from '../../src/pay/keys.js';
import { encryptResource } from '../../src/pay/resource.js';
import { nextPlatformCertificate, platformCertificate } from './keys.js';
import { wechatpayHeaders } from './notification.js';
import { apiV3Key, MCHID, MERCHANT_SERIAL, merchant, NOW_S } from './pay-server.js';

type TestCertificate = typeof platformCertificate;

interface Listing {
  certificate: TestCertificate;
  effectiveAt?: number;
  expiresAt?: number;
  /** Encrypt with another key than the merchant's APIv3 key. */
  encryptWith?: string;
}

const rfc3339 = (ms: number) => new Date(ms).toISOString();

/** WeChat Pay's certificate endpoint behind an injected fetch and clock: what it lists, who signs it. */
function certificateEndpoint() {
  let nowMs = NOW_S * 1000;
  const state = {
    listed: [] as Listing[],
    signer: { serial: platformCertificate.serial, privatePem: platformCertificate.privatePem },
    fetches: 0,
  };
  const fetch = async (url: string | URL, init?: RequestInit) => {
    state.fetches++;
    expect(String(url)).toBe('https://pay.test/v3/certificates');
    expect(init?.method).toBe('GET');
    expect(String((init?.headers as Record<string, string> | undefined)?.authorization)).toMatch(
      /^WECHATPAY2-SHA256-RSA2048 mchid="1900009191"/,
    );
    const body = JSON.stringify({
      data: state.listed.map((l) => ({
        serial_no: l.certificate.serial,
        effective_time: rfc3339(l.effectiveAt ?? nowMs - 86_400_000),
        expire_time: rfc3339(l.expiresAt ?? nowMs + 5 * 365 * 86_400_000),
        encrypt_certificate: encryptResource(
          l.certificate.certPem,
          l.encryptWith ?? apiV3Key,
          'certnonce012',
          'certificate',
        ),
      })),
    });
    const headers = wechatpayHeaders({
      body,
      privateKey: state.signer.privatePem,
      serial: state.signer.serial,
      timestamp: Math.floor(nowMs / 1000),
    });
    return new Response(body, { status: 200, headers });
  };
  return {
    state,
    fetch,
    now: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

function keyringFor(endpoint: ReturnType<typeof certificateEndpoint>, store = new MemoryCertificateStore()) {
  return createCertificateKeyring({
    mchid: MCHID,
    serialNo: MERCHANT_SERIAL,
    privateKey: merchant.privatePem,
    apiV3Key,
    apiBase: 'https://pay.test/',
    fetch: endpoint.fetch,
    now: endpoint.now,
    store,
  });
}

/** Whether `key` checks a signature made with the certificate's private key. */
function isKeyOf(key: unknown, certificate: TestCertificate): boolean {
  const message = Buffer.from('1714112445\nnonce\n{}\n');
  const signature = sign('sha256', message, certificate.privatePem);
  return verify('sha256', message, toPublicKey(key as string), signature);
}

describe('certificate keyring', () => {
  it('downloads, decrypts and keys the certificates by serial, in any letter case', async () => {
    const endpoint = certificateEndpoint();
    endpoint.state.listed = [{ certificate: platformCertificate }];
    const keyring = keyringFor(endpoint);

    expect(isKeyOf(await keyring.keyFor(platformCertificate.serial), platformCertificate)).toBe(true);
    expect(isKeyOf(await keyring.keyFor(platformCertificate.serial.toLowerCase()), platformCertificate)).toBe(
      true,
    );
    expect(endpoint.state.fetches).toBe(1);
  });

  it('refreshes once when a new serial signs (overlap: the old one still listed), however many ask at once', async () => {
    const endpoint = certificateEndpoint();
    endpoint.state.listed = [{ certificate: platformCertificate }];
    const keyring = keyringFor(endpoint);
    await keyring.keyFor(platformCertificate.serial);

    endpoint.advance(3600_000);
    endpoint.state.listed = [{ certificate: platformCertificate }, { certificate: nextPlatformCertificate }];
    endpoint.state.signer = nextPlatformCertificate;
    const keys = await Promise.all([1, 2, 3].map(() => keyring.keyFor(nextPlatformCertificate.serial)));

    expect(endpoint.state.fetches).toBe(2);
    for (const key of keys) expect(isKeyOf(key, nextPlatformCertificate)).toBe(true);
    expect(isKeyOf(await keyring.keyFor(platformCertificate.serial), platformCertificate)).toBe(true);
    expect(endpoint.state.fetches).toBe(2);
  });

  it('asks at most once a minute: a second unknown serial within the minute finds nothing without a fetch', async () => {
    const endpoint = certificateEndpoint();
    endpoint.state.listed = [{ certificate: platformCertificate }];
    const keyring = keyringFor(endpoint);
    await keyring.keyFor(platformCertificate.serial);

    await expect(keyring.keyFor('5157F09EFDC096DE15EBE81A47057A7232F1B8E1')).resolves.toBeUndefined();
    endpoint.advance(59_000);
    endpoint.state.listed.push({ certificate: nextPlatformCertificate });
    await expect(keyring.keyFor(nextPlatformCertificate.serial)).resolves.toBeUndefined();
    expect(endpoint.state.fetches).toBe(1);

    endpoint.advance(1000);
    expect(isKeyOf(await keyring.keyFor(nextPlatformCertificate.serial), nextPlatformCertificate)).toBe(true);
    expect(endpoint.state.fetches).toBe(2);
  });

  it('does not use a certificate past its expire_time or before its effective_time', async () => {
    const endpoint = certificateEndpoint();
    const start = endpoint.now();
    endpoint.state.listed = [
      { certificate: platformCertificate, expiresAt: start + 600_000 },
      { certificate: nextPlatformCertificate, effectiveAt: start + 300_000 },
    ];
    const keyring = keyringFor(endpoint);

    expect(await keyring.keyFor(platformCertificate.serial)).toBeDefined();
    expect(await keyring.keyFor(nextPlatformCertificate.serial)).toBeUndefined();
    endpoint.advance(600_000);
    expect(await keyring.keyFor(platformCertificate.serial)).toBeUndefined();
    expect(isKeyOf(await keyring.keyFor(nextPlatformCertificate.serial), nextPlatformCertificate)).toBe(true);
  });

  it('refuses an answer signed by a key none of its certificates holds, and keeps nothing of it', async () => {
    const endpoint = certificateEndpoint();
    endpoint.state.listed = [{ certificate: platformCertificate }];
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    endpoint.state.signer = {
      serial: platformCertificate.serial,
      privatePem: forger.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const keyring = keyringFor(endpoint);

    const refused = await keyring.keyFor(platformCertificate.serial).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WechatPaySignatureError);
    expect(refused).toMatchObject({ code: 'SIGNATURE_INVALID' });

    // Signed by a serial the answer does not list (nor anything trusted before): refused too.
    endpoint.advance(60_000);
    endpoint.state.signer = nextPlatformCertificate;
    await expect(keyring.keyFor(platformCertificate.serial)).rejects.toMatchObject({
      code: 'UNKNOWN_SERIAL',
    });

    endpoint.advance(60_000);
    endpoint.state.signer = platformCertificate;
    expect(await keyring.keyFor(platformCertificate.serial)).toBeDefined();
    expect(endpoint.state.fetches).toBe(3);
  });

  it('does not retry a failed download within the minute', async () => {
    const endpoint = certificateEndpoint();
    endpoint.state.listed = [{ certificate: platformCertificate }];
    let down = true;
    const failing = async (url: string | URL, init?: RequestInit) => {
      if (!down) return endpoint.fetch(url, init);
      down = false;
      endpoint.state.fetches++;
      return new Response('{"code":"SYSTEM_ERROR","message":"busy"}', { status: 500 });
    };
    const keyring = createCertificateKeyring({
      mchid: MCHID,
      serialNo: MERCHANT_SERIAL,
      privateKey: merchant.privatePem,
      apiV3Key,
      apiBase: 'https://pay.test',
      fetch: failing,
      now: endpoint.now,
    });

    await expect(keyring.keyFor(platformCertificate.serial)).rejects.toMatchObject({ retryable: true });
    await expect(keyring.keyFor(platformCertificate.serial)).resolves.toBeUndefined();
    expect(endpoint.state.fetches).toBe(1);
    endpoint.advance(60_000);
    expect(await keyring.keyFor(platformCertificate.serial)).toBeDefined();
    expect(endpoint.state.fetches).toBe(2);
  });

  it('refuses a certificate not encrypted with the APIv3 key', async () => {
    const endpoint = certificateEndpoint();
    endpoint.state.listed = [
      { certificate: platformCertificate, encryptWith: 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ' },
    ];
    const refused = await keyringFor(endpoint)
      .keyFor(platformCertificate.serial)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WechatPayError);
    expect(refused).toMatchObject({ code: 'RESOURCE_DECRYPT_FAILED' });
  });

  it('shares a downloaded set through the store: a second process uses it without fetching', async () => {
    const endpoint = certificateEndpoint();
    endpoint.state.listed = [{ certificate: platformCertificate }];
    const store = new MemoryCertificateStore();
    const first = keyringFor(endpoint, store);
    const second = keyringFor(endpoint, store);

    await first.keyFor(platformCertificate.serial);
    expect(isKeyOf(await second.keyFor(platformCertificate.serial), platformCertificate)).toBe(true);
    expect(endpoint.state.fetches).toBe(1);

    // Both see a new serial at once: one download between them.
    endpoint.advance(120_000);
    endpoint.state.listed.push({ certificate: nextPlatformCertificate });
    endpoint.state.signer = nextPlatformCertificate;
    await Promise.all([first, second].map((k) => k.keyFor(nextPlatformCertificate.serial)));
    expect(endpoint.state.fetches).toBe(2);
    expect(await second.keyFor(nextPlatformCertificate.serial)).toBeDefined();
  });
});
