// The environment a BFF needs to talk to this emulator instead of WeChat.

import { DEMO_TEMPLATE_IDS, type NoticeKind } from '@checkout/shared';
import type { SimKeys } from './keys.js';
import { platformModeOf } from './state/platform-keys.js';
import { defaultTemplates, type SimTemplates } from './templates.js';

export interface BffEnv {
  WECHAT_API_BASE: string;
  WECHATPAY_API_BASE: string;
  WECHAT_APPID: string;
  WECHAT_SECRET: string;
  WECHATPAY_MCHID: string;
  WECHATPAY_SERIAL: string;
  /** PEM, or a path to the PEM file; absent when the emulator was not given the merchant's private key. */
  WECHATPAY_PRIVATE_KEY?: string;
  WECHATPAY_APIV3_KEY: string;
  /** Public-key mode only: PEM, or a path to the PEM file, and its `PUB_KEY_ID_...`. */
  WECHATPAY_PLATFORM_PUBLIC_KEY?: string;
  WECHATPAY_PLATFORM_SERIAL?: string;
  /** Certificate mode only: the BFF downloads the platform certificates from GET /v3/certificates. */
  WECHATPAY_PLATFORM_MODE?: 'certificates';
  WECHAT_PUSH_TOKEN: string;
  WECHAT_PUSH_AES_KEY: string;
  /** JSON `[{appid, token, encodingAESKey}]`: the Official Account's push endpoint (card events). */
  WECHAT_PUSH_APPS?: string;
  NOTICE_PAY_SUCCESS_TEMPLATE_ID: string;
  NOTICE_SHIPPED_TEMPLATE_ID: string;
  NOTICE_PAY_SUCCESS_SUBSCRIBE_ID: string;
  NOTICE_SHIPPED_SUBSCRIBE_ID: string;
}

/** The settings the env is made of, whether they come from generated keys or a running emulator. */
export interface SimEnvSource {
  app: { appid: string; secret: string };
  mchid: string;
  merchantSerial: string;
  merchantPrivateKey?: string;
  apiV3Key: string;
  platformSerial: string;
  platformPublicKey: string;
  push: { token: string; encodingAESKey: string };
  officialAccountPush?: { appid: string; token: string; encodingAESKey: string };
  templates: SimTemplates;
}

function templateId(templates: SimTemplates, channel: 'legacy' | 'subscribe', kind: NoticeKind): string {
  const found = templates[channel].find((t) => t.notice === kind)?.id;
  return found ?? DEMO_TEMPLATE_IDS[channel === 'legacy' ? 'template' : 'subscribe'][kind];
}

export function envFromSource(source: SimEnvSource, baseUrl: string): BffEnv {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    WECHAT_API_BASE: base,
    WECHATPAY_API_BASE: base,
    WECHAT_APPID: source.app.appid,
    WECHAT_SECRET: source.app.secret,
    WECHATPAY_MCHID: source.mchid,
    WECHATPAY_SERIAL: source.merchantSerial,
    ...(source.merchantPrivateKey ? { WECHATPAY_PRIVATE_KEY: source.merchantPrivateKey } : {}),
    WECHATPAY_APIV3_KEY: source.apiV3Key,
    ...(platformModeOf(source.platformSerial) === 'certificate'
      ? { WECHATPAY_PLATFORM_MODE: 'certificates' as const }
      : {
          WECHATPAY_PLATFORM_PUBLIC_KEY: source.platformPublicKey,
          WECHATPAY_PLATFORM_SERIAL: source.platformSerial,
        }),
    WECHAT_PUSH_TOKEN: source.push.token,
    WECHAT_PUSH_AES_KEY: source.push.encodingAESKey,
    ...(source.officialAccountPush ? { WECHAT_PUSH_APPS: JSON.stringify([source.officialAccountPush]) } : {}),
    NOTICE_PAY_SUCCESS_TEMPLATE_ID: templateId(source.templates, 'legacy', 'pay_success'),
    NOTICE_SHIPPED_TEMPLATE_ID: templateId(source.templates, 'legacy', 'shipped'),
    NOTICE_PAY_SUCCESS_SUBSCRIBE_ID: templateId(source.templates, 'subscribe', 'pay_success'),
    NOTICE_SHIPPED_SUBSCRIBE_ID: templateId(source.templates, 'subscribe', 'shipped'),
  };
}

export interface SimEnvOptions {
  /** Write key paths instead of inline PEMs (what the written bff.env does). */
  files?: { merchantPrivateKey: string; platformPublicKey: string };
  templates?: SimTemplates;
}

/** The BFF environment for an emulator started with these keys at baseUrl. */
export function simEnv(keys: SimKeys, baseUrl: string, options: SimEnvOptions = {}): BffEnv {
  const app = keys.apps[0];
  if (!app) throw new Error('simEnv needs keys with at least one app');
  const push = keys.push[app.appid];
  if (!push) throw new Error(`simEnv: no push settings for ${app.appid}`);
  const oa = keys.officialAccount;
  const oaPush = oa ? keys.push[oa.appid] : undefined;
  return envFromSource(
    {
      app,
      mchid: keys.merchant.mchid,
      merchantSerial: keys.merchant.serialNo,
      merchantPrivateKey: options.files?.merchantPrivateKey ?? keys.merchant.privateKey,
      apiV3Key: keys.apiV3Key,
      platformSerial: keys.platform.serial,
      platformPublicKey: options.files?.platformPublicKey ?? keys.platform.publicKey,
      push,
      ...(oa && oaPush ? { officialAccountPush: { appid: oa.appid, ...oaPush } } : {}),
      templates: options.templates ?? defaultTemplates(),
    },
    baseUrl,
  );
}

/** `KEY=value` lines; PEMs are never inlined here (files hold them), so no quoting is needed. */
export function toDotenv(env: BffEnv): string {
  return `${Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n')}\n`;
}
