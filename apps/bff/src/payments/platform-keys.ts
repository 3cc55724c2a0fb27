// Which keys verify WeChat Pay's signatures (WECHATPAY_PLATFORM_MODE): the configured platform public key,
// or the platform certificates downloaded from /v3/certificates and shared by instances in the database.

import {
  chainKeyrings,
  createCertificateKeyring,
  type KeyInput,
  type PlatformKeySource,
} from '@checkout/wechat';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { DbCertificateStore } from './db-certificate-store.js';

export function platformKeysFor(
  pay: Config['pay'],
  db: Kysely<Database>,
  timeoutMs: number,
): PlatformKeySource {
  const configured = new Map<string, KeyInput>();
  if (pay.platformSerial !== undefined && pay.platformPublicKey !== undefined)
    configured.set(pay.platformSerial, pay.platformPublicKey);
  if (pay.platformMode === 'public_key') return configured;
  const certificates = createCertificateKeyring({
    mchid: pay.mchid,
    serialNo: pay.serialNo,
    privateKey: pay.privateKey,
    apiV3Key: pay.apiV3Key,
    apiBase: pay.apiBase,
    timeoutMs,
    store: new DbCertificateStore(db),
  });
  // A configured key next to the certificates: a merchant moving between modes gets both kinds of serial.
  return configured.size > 0 ? chainKeyrings(configured, certificates) : certificates;
}
