// Configuration from the environment, validated once at start. A missing or malformed variable stops
// the process with a message naming it. Every variable is documented in the README and .env.example.

import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { NOTICE_CHANNELS, type NoticeChannel, type NoticeKind } from '@checkout/shared';

export interface PushAppConfig {
  appid: string;
  token: string;
  encodingAESKey: string;
}

export interface Config {
  port: number;
  host: string;
  /** postgres://... ; undefined = embedded PGlite under dataDir */
  databaseUrl?: string;
  dataDir: string;
  logLevel: string;
  adminToken: string;
  sessionSecret: string;
  corsOrigins: string[] | true;
  /** Fastify's trustProxy: false (default), true, a hop count, or the proxies' addresses / CIDRs. */
  trustProxy: boolean | number | string[];
  wechat: { apiBase: string; appid: string; secret: string; tokenMode: 'stable' | 'classic' };
  pay: {
    apiBase: string;
    mchid: string;
    serialNo: string;
    privateKey: string;
    apiV3Key: string;
    platformPublicKey: string;
    platformSerial: string;
    notifyBaseUrl: string;
  };
  push: { apps: PushAppConfig[]; maxSkewSeconds: number };
  notices: {
    channels: NoticeChannel[];
    templateIds: Partial<Record<NoticeKind, string>>;
    subscribeIds: Partial<Record<NoticeKind, string>>;
    miniprogramState: 'developer' | 'trial' | 'formal';
    /** How often the outbox worker looks for due notices. */
    pollIntervalMs: number;
    /** First retry delay after a transient send failure (doubles each round). */
    retryBaseMs: number;
    /** How long a sender holds a notice before another process may take it over (it crashed). */
    leaseMs: number;
  };
  triggers: {
    logRetentionDays: number;
    forwardAllowedHosts: string[];
    /** Run the trigger worker in this process (TRIGGER_WORKER=off leaves it to other instances). */
    runWorker: boolean;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function required(env: Env, name: string): string {
  const value = read(env, name);
  if (value === undefined)
    throw new ConfigError(name, 'is required but not set (see README "Configuration")');
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function url(env: Env, name: string, fallback?: string): string {
  const raw = fallback === undefined ? required(env, name) : (read(env, name) ?? fallback);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an absolute URL (got "${raw}")`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http(s) URL (got "${raw}")`);
  }
  return raw.replace(/\/+$/, '');
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(env, name) ?? fallback;
  if (!allowed.includes(raw as T))
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

/** A PEM given inline (with \n escapes allowed) or as a path to a PEM file. */
function pem(env: Env, name: string): string {
  const raw = required(env, name);
  const text = raw.includes('-----BEGIN') ? raw.replace(/\\n/g, '\n') : readPemFile(name, raw);
  if (!/-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----/.test(text)) {
    throw new ConfigError(name, 'must be a PEM (inline or a path to a .pem file)');
  }
  return text;
}

function readPemFile(name: string, path: string): string {
  if (!existsSync(path)) throw new ConfigError(name, `points to a file that does not exist: ${path}`);
  return readFileSync(path, 'utf8');
}

function pushApps(env: Env, wechatAppid: string): PushAppConfig[] {
  const apps: PushAppConfig[] = [];
  const raw = read(env, 'WECHAT_PUSH_APPS');
  if (raw !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ConfigError('WECHAT_PUSH_APPS', 'must be JSON: [{"appid","token","encodingAESKey"}, ...]');
    }
    if (!Array.isArray(parsed)) throw new ConfigError('WECHAT_PUSH_APPS', 'must be a JSON array');
    for (const [i, entry] of parsed.entries()) apps.push(pushApp(entry, `WECHAT_PUSH_APPS[${i}]`));
  }
  const token = read(env, 'WECHAT_PUSH_TOKEN');
  const aesKey = read(env, 'WECHAT_PUSH_AES_KEY');
  if ((token === undefined) !== (aesKey === undefined)) {
    throw new ConfigError(
      token ? 'WECHAT_PUSH_AES_KEY' : 'WECHAT_PUSH_TOKEN',
      'must be set together with its pair',
    );
  }
  if (token && aesKey && !apps.some((app) => app.appid === wechatAppid)) {
    apps.push(pushApp({ appid: wechatAppid, token, encodingAESKey: aesKey }, 'WECHAT_PUSH_TOKEN'));
  }
  return apps;
}

function pushApp(entry: unknown, where: string): PushAppConfig {
  const e = (entry ?? {}) as Record<string, unknown>;
  for (const field of ['appid', 'token', 'encodingAESKey'] as const) {
    if (typeof e[field] !== 'string' || e[field] === '')
      throw new ConfigError(where, `needs a string "${field}"`);
  }
  const app = e as unknown as PushAppConfig;
  if (!/^[A-Za-z0-9]{43}$/.test(app.encodingAESKey)) {
    throw new ConfigError(where, 'encodingAESKey must be 43 letters and digits');
  }
  if (!/^[A-Za-z0-9]{3,32}$/.test(app.token))
    throw new ConfigError(where, 'token must be 3-32 letters and digits');
  return app;
}

function channels(env: Env): NoticeChannel[] {
  const raw = read(env, 'NOTICE_CHANNELS') ?? 'subscribe,template';
  const list = raw.split(',').map((c) => c.trim());
  for (const channel of list) {
    if (!NOTICE_CHANNELS.includes(channel as NoticeChannel)) {
      throw new ConfigError('NOTICE_CHANNELS', `has unknown channel "${channel}" (use subscribe, template)`);
    }
  }
  return [...new Set(list)] as NoticeChannel[];
}

function withMinLength(env: Env, name: string, min: number): string {
  const value = required(env, name);
  if (value.length < min) throw new ConfigError(name, `must be at least ${min} characters`);
  return value;
}

export function loadConfig(env: Env = process.env): Config {
  const appid = required(env, 'WECHAT_APPID');
  const apiV3Key = required(env, 'WECHATPAY_APIV3_KEY');
  if (Buffer.byteLength(apiV3Key) !== 32)
    throw new ConfigError('WECHATPAY_APIV3_KEY', 'must be exactly 32 bytes');
  const cors = read(env, 'CORS_ORIGINS');
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: read(env, 'HOST') ?? '127.0.0.1',
    databaseUrl: databaseUrl(env),
    dataDir: read(env, 'DATA_DIR') ?? '.data/bff',
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    adminToken: withMinLength(env, 'ADMIN_TOKEN', 16),
    sessionSecret: withMinLength(env, 'SESSION_SECRET', 32),
    corsOrigins: cors === undefined || cors === '*' ? true : cors.split(',').map((o) => o.trim()),
    trustProxy: trustProxy(env),
    wechat: {
      apiBase: url(env, 'WECHAT_API_BASE', 'https://api.weixin.qq.com'),
      appid,
      secret: required(env, 'WECHAT_SECRET'),
      tokenMode: oneOf(env, 'WECHAT_TOKEN_MODE', ['stable', 'classic'], 'stable'),
    },
    pay: {
      apiBase: url(env, 'WECHATPAY_API_BASE', 'https://api.mch.weixin.qq.com'),
      mchid: required(env, 'WECHATPAY_MCHID'),
      serialNo: required(env, 'WECHATPAY_SERIAL'),
      privateKey: pem(env, 'WECHATPAY_PRIVATE_KEY'),
      apiV3Key,
      platformPublicKey: pem(env, 'WECHATPAY_PLATFORM_PUBLIC_KEY'),
      platformSerial: required(env, 'WECHATPAY_PLATFORM_SERIAL'),
      notifyBaseUrl: url(env, 'NOTIFY_BASE_URL'),
    },
    push: {
      apps: pushApps(env, appid),
      maxSkewSeconds: integer(env, 'WECHAT_PUSH_MAX_SKEW_S', 300, 0, 86_400),
    },
    notices: {
      channels: channels(env),
      templateIds: {
        pay_success: read(env, 'NOTICE_PAY_SUCCESS_TEMPLATE_ID'),
        shipped: read(env, 'NOTICE_SHIPPED_TEMPLATE_ID'),
      },
      subscribeIds: {
        pay_success: read(env, 'NOTICE_PAY_SUCCESS_SUBSCRIBE_ID'),
        shipped: read(env, 'NOTICE_SHIPPED_SUBSCRIBE_ID'),
      },
      miniprogramState: oneOf(env, 'MINIPROGRAM_STATE', ['developer', 'trial', 'formal'], 'formal'),
      pollIntervalMs: integer(env, 'NOTICE_POLL_MS', 1000, 10, 60_000),
      retryBaseMs: integer(env, 'NOTICE_RETRY_BASE_MS', 5000, 10, 3_600_000),
      leaseMs: integer(env, 'NOTICE_LEASE_MS', 60_000, 1000, 3_600_000),
    },
    triggers: {
      logRetentionDays: integer(env, 'TRIGGER_LOG_RETENTION_DAYS', 180, 1, 3650),
      forwardAllowedHosts: (read(env, 'FORWARD_ALLOWED_HOSTS') ?? '').split(',').filter(Boolean),
      runWorker: oneOf(env, 'TRIGGER_WORKER', ['on', 'off'], 'on') === 'on',
    },
  };
}

/** proxy-addr's names for address ranges, accepted besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(env: Env): Config['trustProxy'] {
  const raw = read(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false' || raw === 'off') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 100);
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= 128);
    if (!PROXY_RANGE_NAMES.includes(entry) && (isIP(address) === 0 || !prefixOk || rest.length > 0)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be true, false, a hop count, or addresses/CIDRs separated by commas (got "${entry}")`,
      );
    }
  }
  return entries;
}

function databaseUrl(env: Env): string | undefined {
  const raw = read(env, 'DATABASE_URL');
  if (raw !== undefined && !/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// URL (unset it to use embedded PGlite)');
  }
  return raw;
}
