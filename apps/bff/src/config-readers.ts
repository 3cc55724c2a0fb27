// How the configuration's special variables turn from text into values. A reader returns the value or
// throws a ConfigError naming the variable; config.ts then checks the value against its schema.

import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** A variable's value, trimmed; empty counts as unset. */
export function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

export interface PushAppConfig {
  appid: string;
  token: string;
  encodingAESKey: string;
}

/** Readers by name; a schema leaf names its reader with `read: '...'`. */
export const READERS = {
  integer: (raw: string, name: string) => {
    if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be an integer (got "${raw}")`);
    return Number(raw);
  },
  list: (raw: string) =>
    raw
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  onOff: (raw: string, name: string) => {
    if (raw !== 'on' && raw !== 'off') throw new ConfigError(name, `must be one of on, off (got "${raw}")`);
    return raw === 'on';
  },
  url: (raw: string, name: string) => {
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
  },
  /** A PEM given inline (with \n escapes allowed) or as a path to a PEM file. */
  pem: (raw: string, name: string) => {
    if (raw.includes('-----BEGIN')) return raw.replace(/\\n/g, '\n');
    if (!existsSync(raw)) throw new ConfigError(name, `points to a file that does not exist: ${raw}`);
    return readFileSync(raw, 'utf8');
  },
  cors: (raw: string) => (raw === '*' ? true : raw.split(',').map((origin) => origin.trim())),
  trustProxy,
} satisfies Record<string, (raw: string, name: string) => unknown>;

export type ReaderName = keyof typeof READERS;

/** proxy-addr's names for address ranges, accepted besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(raw: string, name: string): boolean | number | string[] {
  if (raw === 'false' || raw === 'off') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= 128);
    if (!PROXY_RANGE_NAMES.includes(entry) && (isIP(address) === 0 || !prefixOk || rest.length > 0)) {
      throw new ConfigError(
        name,
        `must be true, false, a hop count, or addresses/CIDRs separated by commas (got "${entry}")`,
      );
    }
  }
  return entries;
}

/** WECHAT_PUSH_APPS, plus the mini-program itself when WECHAT_PUSH_TOKEN / WECHAT_PUSH_AES_KEY are set. */
export function pushApps(env: Env, wechatAppid: string): PushAppConfig[] {
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
