// What the emulator can be told at build time, and the fully defaulted form the rest of the code reads.

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { randomHex } from './ids.js';
import { createOfficialAccountKeys, createSimKeys, newEncodingAESKey } from './keys.js';
import { DEFAULT_PAGES, defaultTemplates, type SimTemplates } from './templates.js';

/** The WeChat endpoints that count calls, take faults, rate limits and quotas. */
export const WX_ENDPOINTS = [
  'token',
  'stable_token',
  'jscode2session',
  'template_send',
  'subscribe_send',
  'pay_jsapi',
  'pay_query',
  'pay_close',
  'pay_refund',
  'pay_certificates',
  'pay_notify',
] as const;
export type WxEndpoint = (typeof WX_ENDPOINTS)[number];

export interface SimApp {
  appid: string;
  secret: string;
  /** The `gh_...` id WeChat puts in ToUserName of pushed messages. */
  originalId?: string;
  /** Pages a notice may open; defaults to the checkout's pages. */
  pages?: readonly string[];
}

export interface SimOptions {
  apps?: SimApp[];
  /**
   * The Official Account card and coupon events come from: its own appid and push settings (in
   * `push`), XML only. Generated when absent.
   */
  officialAccount?: { appid: string; secret: string; originalId?: string };
  /**
   * Whether the legacy template-message API still serves (default true, as the demo needs). Live
   * WeChat switched it off on 2020-01-10: false answers every template send with 48001.
   */
  templateApi?: boolean;
  /** The merchant whose Authorization headers and paySigns the emulator verifies. */
  merchant?: { mchid: string; serialNo: string; publicKey: string; privateKey?: string };
  /**
   * The key WeChat Pay signs responses and notifications with: a `PUB_KEY_ID_...` serial is public-key
   * mode; a hex serial is certificate mode (its certificate served at GET /v3/certificates, rotatable).
   */
  platform?: { serial: string; privateKey: string };
  apiV3Key?: string;
  /** Message-push settings per appid. */
  push?: Record<string, { token: string; encodingAESKey: string }>;
  templates?: SimTemplates;
  /** Multiplies the pay-notification retry schedule (and default delivery timeouts), e.g. 0.001. */
  timeScale?: number;
  /** How long a rotated-out access token keeps working (default 5 minutes). */
  tokenGraceMs?: number;
  /** Calls per minute per endpoint per appid before 45011 (default 10000). */
  rateLimitPerMinute?: number | Partial<Record<WxEndpoint, number>>;
  /**
   * Calls per China day per endpoint per appid before 45009 (defaults: token 2000, stable_token 500000,
   * template_send and subscribe_send 1000000; set them tiny in a test).
   */
  dailyQuota?: Partial<Record<WxEndpoint, number>>;
  /** How long the emulator waits for a message-push reply per try (default max(5 s x timeScale, 200 ms)). */
  pushTimeoutMs?: number;
  /** How long the emulator waits for a pay-notification reply (default max(5 s x timeScale, 200 ms)). */
  notifyTimeoutMs?: number;
  /** Tries of one message push before it is given up (default 3, as WeChat). */
  pushTries?: number;
  /** wx.login codes one user may trade per minute before 45011 (default 100, jscode2session's limit). */
  loginsPerUserPerMinute?: number;
  /** Request logging (off by default); secrets in query strings are masked. */
  logger?: boolean | { level?: string };
}

export interface ResolvedApp {
  appid: string;
  secret: string;
  originalId: string;
  pages: readonly string[];
}

export interface SimConfig {
  apps: Map<string, ResolvedApp>;
  defaultAppid: string;
  officialAccount: ResolvedApp;
  templateApi: boolean;
  loginsPerUserPerMinute: number;
  merchant: {
    mchid: string;
    serialNo: string;
    publicKey: KeyObject;
    publicKeyPem: string;
    privateKeyPem?: string;
  };
  platform: { serial: string; privateKey: KeyObject; publicKeyPem: string };
  apiV3Key: string;
  push: Map<string, { token: string; encodingAESKey: string }>;
  templates: SimTemplates;
  timeScale: number;
  tokenGraceMs: number;
  rateLimitPerMinute: (endpoint: WxEndpoint) => number;
  dailyQuota: (endpoint: WxEndpoint) => number;
  pushTimeoutMs: number;
  notifyTimeoutMs: number;
  pushTries: number;
}

// getAccessToken / getStableAccessToken document theirs; the message quotas scale with the account on
// WeChat, so a round figure stands in for them.
const DEFAULT_DAILY_QUOTA: Partial<Record<WxEndpoint, number>> = {
  token: 2000,
  stable_token: 500_000,
  template_send: 1_000_000,
  subscribe_send: 1_000_000,
};

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`SimOptions.${name} must be a positive number`);
  return value;
}

export function resolveSimOptions(opts: SimOptions): SimConfig {
  const needsKeys = !opts.apps || !opts.merchant || !opts.platform || !opts.apiV3Key;
  const generated = needsKeys ? createSimKeys({ appid: opts.apps?.[0]?.appid }) : undefined;
  const apps: SimApp[] = opts.apps ?? generated?.apps ?? [];
  if (apps.length === 0) throw new Error('SimOptions.apps must list at least one app');
  const merchant = opts.merchant ?? generated!.merchant;
  const platform = opts.platform ?? generated!.platform;
  const apiV3Key = opts.apiV3Key ?? generated!.apiV3Key;
  if (Buffer.byteLength(apiV3Key) !== 32) throw new Error('SimOptions.apiV3Key must be 32 bytes');
  const timeScale = positive('timeScale', opts.timeScale ?? 1);
  const defaultTimeout = Math.max(5000 * timeScale, 200);
  const push = new Map(Object.entries(opts.push ?? generated?.push ?? {}));
  const resolvedApps = new Map<string, ResolvedApp>();
  for (const app of apps) {
    resolvedApps.set(app.appid, {
      appid: app.appid,
      secret: app.secret,
      originalId: app.originalId ?? `gh_${randomHex(6)}`,
      pages: app.pages ?? DEFAULT_PAGES,
    });
    // Every app can receive pushes, even when the caller configured none for it.
    if (!push.has(app.appid))
      push.set(app.appid, { token: randomHex(16), encodingAESKey: newEncodingAESKey() });
  }
  const oaSource =
    opts.officialAccount ?? generated?.officialAccount ?? createOfficialAccountKeys().officialAccount;
  if (resolvedApps.has(oaSource.appid))
    throw new Error('SimOptions.officialAccount must have its own appid, not a mini-program appid');
  const officialAccount: ResolvedApp = {
    appid: oaSource.appid,
    secret: oaSource.secret,
    originalId: opts.officialAccount?.originalId ?? `gh_${randomHex(6)}`,
    pages: [],
  };
  if (!push.has(officialAccount.appid))
    push.set(officialAccount.appid, { token: randomHex(16), encodingAESKey: newEncodingAESKey() });
  const platformKey = createPrivateKey(platform.privateKey);
  const rate = opts.rateLimitPerMinute ?? 10_000;
  return {
    apps: resolvedApps,
    defaultAppid: apps[0]!.appid,
    officialAccount,
    templateApi: opts.templateApi ?? true,
    loginsPerUserPerMinute: positive('loginsPerUserPerMinute', opts.loginsPerUserPerMinute ?? 100),
    merchant: {
      mchid: merchant.mchid,
      serialNo: merchant.serialNo,
      publicKey: createPublicKey(merchant.publicKey),
      publicKeyPem: merchant.publicKey,
      privateKeyPem: merchant.privateKey,
    },
    platform: {
      serial: platform.serial,
      privateKey: platformKey,
      publicKeyPem: createPublicKey(platformKey).export({ type: 'spki', format: 'pem' }).toString(),
    },
    apiV3Key,
    push,
    templates: opts.templates ?? defaultTemplates(),
    timeScale,
    tokenGraceMs: opts.tokenGraceMs ?? 5 * 60_000,
    rateLimitPerMinute: (endpoint) => (typeof rate === 'number' ? rate : (rate[endpoint] ?? 10_000)),
    dailyQuota: (endpoint) => opts.dailyQuota?.[endpoint] ?? DEFAULT_DAILY_QUOTA[endpoint] ?? Infinity,
    pushTimeoutMs: opts.pushTimeoutMs ?? defaultTimeout,
    notifyTimeoutMs: opts.notifyTimeoutMs ?? defaultTimeout,
    pushTries: positive('pushTries', opts.pushTries ?? 3),
  };
}
