// Configuration from the environment, validated once at start. The schema below is the one source:
// each leaf names its variable (`env`), how its text is read (`read`), its limits and default; the
// Config type is derived from it, and the README table and .env.example are checked against it.
// A missing or malformed variable stops the process with a message naming it.

import { NoticeChannelSchema } from '@checkout/shared';
import { OptionalKind, type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  ConfigError,
  type Env,
  type PushAppConfig,
  pushApps,
  READERS,
  type ReaderName,
  read,
} from './config-readers.js';

export { ConfigError, type PushAppConfig };

const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
);
const PEM = '-----BEGIN [A-Z ]+-----[\\s\\S]+-----END [A-Z ]+-----';
const PemProblem = 'must be a PEM (inline or a path to a .pem file)';
const PushApp = Type.Object({ appid: Type.String(), token: Type.String(), encodingAESKey: Type.String() });

export const ConfigSchema = Type.Object({
  port: Type.Integer({ env: 'PORT', minimum: 0, maximum: 65535, default: 3000 }),
  host: Type.String({ env: 'HOST', default: '127.0.0.1' }),
  /** postgres://... ; unset = embedded PGlite under dataDir */
  databaseUrl: Type.Optional(
    Type.String({
      env: 'DATABASE_URL',
      pattern: '^postgres(ql)?://',
      problem: 'must be a postgres:// URL (unset it to use embedded PGlite)',
    }),
  ),
  dataDir: Type.String({ env: 'DATA_DIR', default: '.data/bff' }),
  /** How long a graceful shutdown may take before the process exits anyway. */
  shutdownGraceMs: Type.Integer({
    env: 'SHUTDOWN_GRACE_MS',
    minimum: 100,
    maximum: 600_000,
    default: 10_000,
  }),
  logLevel: Type.Union(LogLevel.anyOf, { env: 'LOG_LEVEL', default: 'info' }),
  adminToken: Type.String({ env: 'ADMIN_TOKEN', minLength: 16 }),
  sessionSecret: Type.String({ env: 'SESSION_SECRET', minLength: 32 }),
  corsOrigins: Type.Union([Type.Literal(true), Type.Array(Type.String())], {
    env: 'CORS_ORIGINS',
    read: 'cors',
    default: true,
  }),
  /** Fastify's trustProxy: false (default), true, a hop count, or the proxies' addresses / CIDRs. */
  trustProxy: Type.Union(
    [Type.Boolean(), Type.Integer({ minimum: 1, maximum: 100 }), Type.Array(Type.String())],
    {
      env: 'TRUST_PROXY',
      read: 'trustProxy',
      default: false,
      problem: 'must be true, false, a hop count from 1 to 100, or addresses/CIDRs separated by commas',
    },
  ),
  /** Load shedding: over any limit, 503 with Retry-After. 0 turns a limit off. */
  pressure: Type.Object({
    maxEventLoopDelayMs: Type.Integer({
      env: 'PRESSURE_MAX_EVENT_LOOP_DELAY_MS',
      minimum: 0,
      maximum: 60_000,
      default: 3000,
    }),
    maxHeapMb: Type.Integer({ env: 'PRESSURE_MAX_HEAP_MB', minimum: 0, maximum: 65_536, default: 0 }),
    maxRssMb: Type.Integer({ env: 'PRESSURE_MAX_RSS_MB', minimum: 0, maximum: 65_536, default: 0 }),
    retryAfterSeconds: Type.Integer({
      env: 'PRESSURE_RETRY_AFTER_S',
      minimum: 1,
      maximum: 3600,
      default: 10,
    }),
  }),
  wechat: Type.Object({
    apiBase: Type.String({ env: 'WECHAT_API_BASE', read: 'url', default: 'https://api.weixin.qq.com' }),
    appid: Type.String({ env: 'WECHAT_APPID' }),
    secret: Type.String({ env: 'WECHAT_SECRET' }),
    tokenMode: Type.Union([Type.Literal('stable'), Type.Literal('classic')], {
      env: 'WECHAT_TOKEN_MODE',
      default: 'stable',
    }),
  }),
  pay: Type.Object({
    apiBase: Type.String({
      env: 'WECHATPAY_API_BASE',
      read: 'url',
      default: 'https://api.mch.weixin.qq.com',
    }),
    mchid: Type.String({ env: 'WECHATPAY_MCHID' }),
    serialNo: Type.String({ env: 'WECHATPAY_SERIAL' }),
    privateKey: Type.String({ env: 'WECHATPAY_PRIVATE_KEY', read: 'pem', pattern: PEM, problem: PemProblem }),
    // APIv3 keys are 32 ASCII characters: AES-256 takes them as 32 bytes.
    apiV3Key: Type.String({
      env: 'WECHATPAY_APIV3_KEY',
      pattern: '^[\\x20-\\x7E]{32}$',
      problem: 'must be exactly 32 bytes',
    }),
    /**
     * How WeChat Pay's signatures are checked: `public_key` (the configured key and its serial) or
     * `certificates` (downloaded from /v3/certificates, refreshed when a new serial signs).
     */
    platformMode: Type.Union([Type.Literal('public_key'), Type.Literal('certificates')], {
      env: 'WECHATPAY_PLATFORM_MODE',
      default: 'public_key',
    }),
    /** Required in public_key mode; in certificates mode, when set, also accepted (a merchant moving over). */
    platformPublicKey: Type.Optional(
      Type.String({
        env: 'WECHATPAY_PLATFORM_PUBLIC_KEY',
        read: 'pem',
        pattern: PEM,
        problem: PemProblem,
      }),
    ),
    platformSerial: Type.Optional(Type.String({ env: 'WECHATPAY_PLATFORM_SERIAL' })),
    notifyBaseUrl: Type.String({ env: 'NOTIFY_BASE_URL', read: 'url' }),
    /** How old an unpaid order's prepay must be before the reconciliation worker first queries it. */
    reconcileAfterS: Type.Integer({
      env: 'PAY_RECONCILE_AFTER_S',
      minimum: 1,
      maximum: 86_400,
      default: 300,
    }),
    /** The payment window sent as time_expire; after it the order is closed. */
    orderExpireMin: Type.Integer({
      env: 'PAY_ORDER_EXPIRE_MIN',
      minimum: 1,
      maximum: 7 * 24 * 60,
      default: 120,
    }),
  }),
  push: Type.Object({
    apps: Type.Array(PushApp, {
      env: 'WECHAT_PUSH_APPS',
      alsoReads: ['WECHAT_PUSH_TOKEN', 'WECHAT_PUSH_AES_KEY'],
    }),
    maxSkewSeconds: Type.Integer({
      env: 'WECHAT_PUSH_MAX_SKEW_S',
      minimum: 0,
      maximum: 86_400,
      default: 300,
    }),
  }),
  notices: Type.Object({
    channels: Type.Array(NoticeChannelSchema, {
      env: 'NOTICE_CHANNELS',
      read: 'list',
      minItems: 1,
      default: ['subscribe', 'template'],
      problem: 'must list channels from subscribe, template',
    }),
    templateIds: Type.Object({
      pay_success: Type.Optional(Type.String({ env: 'NOTICE_PAY_SUCCESS_TEMPLATE_ID' })),
      shipped: Type.Optional(Type.String({ env: 'NOTICE_SHIPPED_TEMPLATE_ID' })),
    }),
    subscribeIds: Type.Object({
      pay_success: Type.Optional(Type.String({ env: 'NOTICE_PAY_SUCCESS_SUBSCRIBE_ID' })),
      shipped: Type.Optional(Type.String({ env: 'NOTICE_SHIPPED_SUBSCRIBE_ID' })),
    }),
    miniprogramState: Type.Union([Type.Literal('developer'), Type.Literal('trial'), Type.Literal('formal')], {
      env: 'MINIPROGRAM_STATE',
      default: 'formal',
    }),
    /** How often the outbox worker looks for due notices. */
    pollIntervalMs: Type.Integer({ env: 'NOTICE_POLL_MS', minimum: 10, maximum: 60_000, default: 1000 }),
    /** First retry delay after a transient send failure (doubles each round). */
    retryBaseMs: Type.Integer({
      env: 'NOTICE_RETRY_BASE_MS',
      minimum: 10,
      maximum: 3_600_000,
      default: 5000,
    }),
    /** How long a sender holds a notice before another process may take it over (it crashed). */
    leaseMs: Type.Integer({ env: 'NOTICE_LEASE_MS', minimum: 1000, maximum: 3_600_000, default: 60_000 }),
  }),
  triggers: Type.Object({
    logRetentionDays: Type.Integer({
      env: 'TRIGGER_LOG_RETENTION_DAYS',
      minimum: 1,
      maximum: 3650,
      default: 180,
    }),
    forwardAllowedHosts: Type.Array(Type.String(), {
      env: 'FORWARD_ALLOWED_HOSTS',
      read: 'list',
      default: [],
    }),
    /** Run the trigger worker in this process (TRIGGER_WORKER=off leaves it to other instances). */
    runWorker: Type.Boolean({ env: 'TRIGGER_WORKER', read: 'onOff', default: true }),
  }),
});

export type Config = Static<typeof ConfigSchema>;

interface Leaf {
  env: string;
  read?: ReaderName;
  problem?: string;
  alsoReads?: string[];
  default?: unknown;
}

const isLeaf = (schema: TSchema): schema is TSchema & Leaf => typeof schema.env === 'string';

/** Every variable the configuration reads, for the README/.env.example check. */
export function configVariables(schema: TSchema = ConfigSchema): string[] {
  if (isLeaf(schema)) return [schema.env, ...(schema.alsoReads ?? [])];
  return Object.values((schema.properties ?? {}) as Record<string, TSchema>).flatMap((p) =>
    configVariables(p),
  );
}

export function loadConfig(env: Env = process.env): Config {
  const config = readObject(ConfigSchema, env) as Config;
  config.push.apps = pushApps(env, config.wechat.appid);
  config.notices.channels = [...new Set(config.notices.channels)];
  checkPlatformKey(config.pay);
  return config;
}

/** The platform public key and its serial come together, and public-key mode cannot do without them. */
function checkPlatformKey(pay: Config['pay']): void {
  const required = pay.platformMode === 'public_key';
  const why = required ? 'is required in public-key mode' : 'must be set together with its pair';
  if (pay.platformPublicKey === undefined && (required || pay.platformSerial !== undefined))
    throw new ConfigError('WECHATPAY_PLATFORM_PUBLIC_KEY', why);
  if (pay.platformSerial === undefined && (required || pay.platformPublicKey !== undefined))
    throw new ConfigError('WECHATPAY_PLATFORM_SERIAL', why);
}

function readObject(schema: TSchema, env: Env): Record<string, unknown> {
  const entries = Object.entries(schema.properties as Record<string, TSchema>).map(([key, property]) => [
    key,
    isLeaf(property) ? readLeaf(property, env) : readObject(property, env),
  ]);
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

function readLeaf(leaf: TSchema & Leaf, env: Env): unknown {
  if (leaf.alsoReads) return []; // a composite of several variables: loadConfig fills it
  const raw = read(env, leaf.env);
  if (raw === undefined) {
    if ('default' in leaf) return structuredClone(leaf.default);
    if (OptionalKind in leaf) return undefined;
    throw new ConfigError(leaf.env, 'is required but not set (see README "Configuration")');
  }
  const reader = leaf.read ? READERS[leaf.read] : leaf.type === 'integer' ? READERS.integer : undefined;
  const value = reader ? reader(raw, leaf.env) : raw;
  if (!Value.Check(leaf, value)) {
    // Plain strings are tokens, keys and URLs with passwords: never echoed.
    const shown = leaf.type === 'string' ? '' : ` (got "${raw}")`;
    throw new ConfigError(leaf.env, `${leaf.problem ?? problemOf(leaf)}${shown}`);
  }
  return value;
}

/** What a leaf's schema asks for, in words. */
function problemOf(leaf: TSchema): string {
  if (leaf.type === 'integer') return `must be an integer from ${leaf.minimum} to ${leaf.maximum}`;
  if (Array.isArray(leaf.anyOf))
    return `must be one of ${leaf.anyOf.map((option: TSchema) => option.const).join(', ')}`;
  if (leaf.minLength !== undefined) return `must be at least ${leaf.minLength} characters`;
  return 'is invalid';
}
