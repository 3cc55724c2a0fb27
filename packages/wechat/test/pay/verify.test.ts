import { describe, expect, it } from 'vitest';
import { WechatPaySignatureError } from '../../src/errors.js';
import { verifyWechatpaySignature } from '../../src/pay/verify.js';
import { generateRsaKeyPair, platformCertificate } from './keys.js';
import { wechatpayHeaders } from './notification.js';

const platform = generateRsaKeyPair();
const PUB_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';
const NOW_S = 1_714_112_445;
const now = () => NOW_S * 1000;
const body =
  '{"id":"EV-2018022511223320873","create_time":"2015-05-20T13:29:35+08:00","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"abc","associated_data":"","nonce":"fdasflkja484"}}';

function problem(fn: () => void): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof WechatPaySignatureError) return err.code;
    throw err;
  }
  return undefined;
}

describe('verifyWechatpaySignature', () => {
  const headers = wechatpayHeaders({
    body,
    privateKey: platform.privateKey,
    serial: PUB_KEY_ID,
    timestamp: NOW_S,
  });
  const platformKeys = new Map([[PUB_KEY_ID, platform.publicPem]]);

  it('accepts a notification signed by the platform key, as a string or as the exact bytes', () => {
    expect(() => verifyWechatpaySignature({ headers, body, platformKeys, now })).not.toThrow();
    expect(() =>
      verifyWechatpaySignature({ headers, body: Buffer.from(body, 'utf8'), platformKeys, now }),
    ).not.toThrow();
  });

  it('reads headers case-insensitively from a record or a Headers object', () => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(() => verifyWechatpaySignature({ headers: lower, body, platformKeys, now })).not.toThrow();
    expect(() =>
      verifyWechatpaySignature({ headers: new Headers(headers), body, platformKeys, now }),
    ).not.toThrow();
  });

  it('accepts a KeyObject and an X.509 platform certificate chosen by its serial', () => {
    expect(() =>
      verifyWechatpaySignature({
        headers,
        body,
        platformKeys: new Map([[PUB_KEY_ID, platform.publicKey]]),
        now,
      }),
    ).not.toThrow();
    const certHeaders = wechatpayHeaders({
      body,
      privateKey: platformCertificate.privatePem,
      serial: platformCertificate.serial,
      timestamp: NOW_S,
    });
    const keys = new Map([
      [PUB_KEY_ID, platform.publicPem],
      [platformCertificate.serial, platformCertificate.certPem],
    ]);
    expect(() =>
      verifyWechatpaySignature({ headers: certHeaders, body, platformKeys: keys, now }),
    ).not.toThrow();
  });

  it('refuses the body with any single byte changed', () => {
    const bytes = Buffer.from(body, 'utf8');
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = (tampered[i] ?? 0) ^ 0x20;
      expect(problem(() => verifyWechatpaySignature({ headers, body: tampered, platformKeys, now }))).toBe(
        'SIGNATURE_INVALID',
      );
    }
  });

  it('refuses a re-serialised body, a changed nonce and a trailing newline', () => {
    const reserialised = JSON.stringify(JSON.parse(body), null, 1);
    expect(problem(() => verifyWechatpaySignature({ headers, body: reserialised, platformKeys, now }))).toBe(
      'SIGNATURE_INVALID',
    );
    expect(
      problem(() =>
        verifyWechatpaySignature({
          headers: { ...headers, 'Wechatpay-Nonce': 'x' },
          body,
          platformKeys,
          now,
        }),
      ),
    ).toBe('SIGNATURE_INVALID');
    expect(problem(() => verifyWechatpaySignature({ headers, body: `${body}\n`, platformKeys, now }))).toBe(
      'SIGNATURE_INVALID',
    );
  });

  it('refuses an unknown serial and a signature made with another key', () => {
    const wrongSerial = { ...headers, 'Wechatpay-Serial': 'PUB_KEY_ID_OTHER' };
    expect(problem(() => verifyWechatpaySignature({ headers: wrongSerial, body, platformKeys, now }))).toBe(
      'UNKNOWN_SERIAL',
    );
    const forged = wechatpayHeaders({
      body,
      privateKey: platformCertificate.privatePem,
      serial: PUB_KEY_ID,
      timestamp: NOW_S,
    });
    expect(problem(() => verifyWechatpaySignature({ headers: forged, body, platformKeys, now }))).toBe(
      'SIGNATURE_INVALID',
    );
  });

  it('accepts a clock offset up to 300 s and refuses a stale or future timestamp', () => {
    for (const offset of [-300, 300]) {
      const h = wechatpayHeaders({
        body,
        privateKey: platform.privateKey,
        serial: PUB_KEY_ID,
        timestamp: NOW_S + offset,
      });
      expect(
        problem(() => verifyWechatpaySignature({ headers: h, body, platformKeys, now })),
      ).toBeUndefined();
    }
    for (const offset of [-301, 301, -86_400]) {
      const h = wechatpayHeaders({
        body,
        privateKey: platform.privateKey,
        serial: PUB_KEY_ID,
        timestamp: NOW_S + offset,
      });
      expect(problem(() => verifyWechatpaySignature({ headers: h, body, platformKeys, now }))).toBe(
        'STALE_TIMESTAMP',
      );
    }
    expect(
      problem(() =>
        verifyWechatpaySignature({
          headers: { ...headers, 'Wechatpay-Timestamp': '17e8' },
          body,
          platformKeys,
          now,
        }),
      ),
    ).toBe('STALE_TIMESTAMP');
  });

  it('refuses a notification missing any signature header', () => {
    for (const name of Object.keys(headers)) {
      const partial = { ...headers };
      delete partial[name];
      expect(problem(() => verifyWechatpaySignature({ headers: partial, body, platformKeys, now }))).toBe(
        'MISSING_HEADER',
      );
    }
  });
});
