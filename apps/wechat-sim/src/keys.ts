// Fresh credentials for one emulated mini-program + merchant, generated with node:crypto only.

import { generateKeyPairSync } from 'node:crypto';
import { randomAlnum, randomDigits, randomHex } from './ids.js';

export const DEMO_APPID = 'wx000000000000demo';
/** The demo's Official Account: card and coupon events come from it, not from the mini-program. */
export const DEMO_OFFICIAL_ACCOUNT_APPID = 'wx0000000000demooa';

export interface SimKeys {
  apps: { appid: string; secret: string }[];
  /** Absent in key files written before the emulator modelled it; data-dir.ts adds one. */
  officialAccount?: { appid: string; secret: string };
  merchant: { mchid: string; serialNo: string; publicKey: string; privateKey: string };
  platform: { serial: string; privateKey: string; publicKey: string };
  apiV3Key: string;
  push: Record<string, { token: string; encodingAESKey: string }>;
}

export interface CreateSimKeysOptions {
  appid?: string;
  officialAccountAppid?: string;
  /** `public-key` (default) gives the platform a `PUB_KEY_ID_...` serial; `certificate` a hex serial. */
  platformMode?: 'public-key' | 'certificate';
}

function rsaKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A 43-character EncodingAESKey (base64 of 32 bytes without the trailing `=`). */
// WeChat's admin only hands out letters and digits; any 43 of them decode (with '=') to a 32-byte key.
export const newEncodingAESKey = (): string => randomAlnum(43);

/** An Official Account with its own push settings (its server URL is configured apart from the mini-program's). */
export function createOfficialAccountKeys(appid = DEMO_OFFICIAL_ACCOUNT_APPID): {
  officialAccount: { appid: string; secret: string };
  push: { token: string; encodingAESKey: string };
} {
  return {
    officialAccount: { appid, secret: randomHex(16) },
    push: { token: randomAlnum(32), encodingAESKey: newEncodingAESKey() },
  };
}

export function createSimKeys(options: CreateSimKeysOptions = {}): SimKeys {
  const appid = options.appid ?? DEMO_APPID;
  const oa = createOfficialAccountKeys(options.officialAccountAppid);
  const merchant = rsaKeyPair();
  const platform = rsaKeyPair();
  const serial =
    options.platformMode === 'certificate'
      ? randomHex(20).toUpperCase()
      : `PUB_KEY_ID_01${randomDigits(10)}${randomDigits(20)}`;
  return {
    apps: [{ appid, secret: randomHex(16) }],
    officialAccount: oa.officialAccount,
    merchant: { mchid: `19${randomDigits(8)}`, serialNo: randomHex(20).toUpperCase(), ...merchant },
    platform: { serial, ...platform },
    apiV3Key: randomAlnum(32),
    push: {
      [appid]: { token: randomAlnum(32), encodingAESKey: newEncodingAESKey() },
      [oa.officialAccount.appid]: oa.push,
    },
  };
}
