// The whole BFF as one Fastify plugin. Load order: external plugins, then our services, then routes.

import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import sensible from '@fastify/sensible';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import auth from './core/auth.js';
import consoleUi from './core/console.js';
import errors from './core/error-handler.js';
import health from './core/health.js';
import loadShedding from './core/load-shedding.js';
import { OneLinePerRequest } from './core/request-log.js';
import securityHeaders from './core/security-headers.js';
import swagger from './core/swagger.js';
import wechat from './core/wechat.js';
import type { DatabaseTarget } from './db/connect.js';
import db from './db/plugin.js';
import notices, { type NoticeRuntimeOptions, noticeRuntimeDefaults } from './notices/plugin.js';
import adminNoticesRoutes from './notices/routes/admin-notices.js';
import formIdsRoutes from './notices/routes/formids.js';
import sendTemplatePaySuccessRoutes from './notices/routes/send-template-pay-success.js';
import subscriptionsRoutes from './notices/routes/subscriptions.js';
import payments, { RECONCILE_DEFAULTS, type ReconcileRuntimeOptions } from './payments/plugin.js';
import adminRefundsRoutes from './payments/routes/admin-refunds.js';
import payNotifyRoutes from './payments/routes/notify.js';
import push, { type PushOptions } from './push/plugin.js';
import pushRoutes from './push/routes/index.js';
import shop from './shop/plugin.js';
import adminOrdersRoutes from './shop/routes/admin-orders.js';
import catalogRoutes from './shop/routes/catalog.js';
import authRoutes from './shop/routes/login.js';
import ordersRoutes from './shop/routes/orders.js';

export interface AppOptions {
  config: Config;
  /** Overrides the database the config names (tests use in-memory PGlite). */
  database?: DatabaseTarget;
  logger?: FastifyServerOptions['logger'];
  /** Message-push worker timings, extra code handlers, seed triggers. */
  push?: PushOptions;
  /** Notice worker and retry timings (tests run them fast); defaults come from the config. */
  notices?: Partial<NoticeRuntimeOptions>;
  /** Reconciliation worker timings (tests run it fast, or not at all). */
  reconcile?: Partial<ReconcileRuntimeOptions>;
  /** Requests per minute for login (per address) and order creation (per shopper). */
  rateLimits?: { loginPerMinute?: number; ordersPerMinute?: number };
}

/** Log fields that must never be written: identities, keys, tokens, signatures. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["wechatpay-signature"]',
  'req.query.signature',
  'req.query.msg_signature',
  'req.query.access_token',
  '*.openid',
  '*.session_key',
  '*.access_token',
  '*.token',
];

/** proxy-addr's test for "the nearest n proxies are ours": hop 0 is the socket's peer. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export async function buildApp({
  config,
  database,
  logger,
  push: pushOptions,
  notices: noticeOptions,
  reconcile,
  rateLimits,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    logController: new OneLinePerRequest(),
    bodyLimit: 256 * 1024,
    trustProxy:
      typeof config.trustProxy === 'number'
        ? trustHops(config.trustProxy) // Fastify takes a hop count, but its types do not say so
        : config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    // Start-up runs migrations, which wait for another instance's migration lock and, on a loaded
    // machine, can take longer than Fastify's default 10 s per plugin.
    pluginTimeout: 120_000,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(sensible);
  await app.register(errors);
  await app.register(securityHeaders);
  await app.register(cors, { origin: config.corsOrigins });
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  await app.register(swagger);
  await app.register(db, {
    target: database ?? { url: config.databaseUrl, dataDir: config.dataDir },
  });
  await app.register(auth, { sessionSecret: config.sessionSecret, adminToken: config.adminToken });
  await app.register(push, { config, options: pushOptions });
  await app.register(wechat, { wechat: config.wechat, pay: config.pay });
  await app.register(shop, {
    noticeLeaseMs: noticeOptions?.leaseMs ?? noticeRuntimeDefaults(config).leaseMs,
  });
  await app.register(payments, { config, reconcile: { ...RECONCILE_DEFAULTS, ...reconcile } });
  await app.register(notices, { config, runtime: { ...noticeRuntimeDefaults(config), ...noticeOptions } });

  // After the services: start-up (migrations) blocks the event loop and must not count as pressure.
  await app.register(loadShedding, { limits: config.pressure });
  await app.register(health, { retryAfterSeconds: config.pressure.retryAfterSeconds });
  await app.register(authRoutes, { prefix: '/auth', perMinute: rateLimits?.loginPerMinute ?? 30 });
  await app.register(catalogRoutes, { prefix: '/catalog' });
  await app.register(ordersRoutes, { prefix: '/orders', perMinute: rateLimits?.ordersPerMinute ?? 20 });
  await app.register(payNotifyRoutes, { prefix: '/pay' });
  await app.register(sendTemplatePaySuccessRoutes, { prefix: '/wx' });
  await app.register(formIdsRoutes, { prefix: '/formids' });
  await app.register(subscriptionsRoutes, {
    prefix: '/subscriptions',
    subscribeIds: Object.values(config.notices.subscribeIds).filter((id): id is string => Boolean(id)),
  });
  await app.register(adminOrdersRoutes, { prefix: '/admin/orders' });
  await app.register(adminRefundsRoutes, { prefix: '/admin/orders' });
  await app.register(adminNoticesRoutes, { prefix: '/admin/notices' });
  await app.register(pushRoutes);
  await app.register(consoleUi, { prefix: '/console' });
  return app;
}
