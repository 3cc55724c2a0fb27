// The whole BFF as one Fastify plugin (the fastify/demo habit): server.ts, and buildApp for tests and other
// packages, create the Fastify instance (server-options.ts) and register this. Load order: external
// plugins, then our services, then routes.

import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import sensible from '@fastify/sensible';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import auth from './core/auth.js';
import consoleUi from './core/console.js';
import errors from './core/error-handler.js';
import health from './core/health.js';
import loadShedding from './core/load-shedding.js';
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
  /** Message-push worker timings, extra code handlers, seed triggers. */
  push?: PushOptions;
  /** Notice worker and retry timings (tests run them fast); defaults come from the config. */
  notices?: Partial<NoticeRuntimeOptions>;
  /** Reconciliation worker timings (tests run it fast, or not at all). */
  reconcile?: Partial<ReconcileRuntimeOptions>;
  /** Requests per minute for login (per address) and order creation (per shopper). */
  rateLimits?: { loginPerMinute?: number; ordersPerMinute?: number };
}

export default async function app(
  fastify: FastifyInstance,
  { config, database, push: pushOptions, notices: noticeOptions, reconcile, rateLimits }: AppOptions,
): Promise<void> {
  await fastify.register(sensible);
  await fastify.register(errors);
  await fastify.register(securityHeaders);
  await fastify.register(cors, { origin: config.corsOrigins });
  await fastify.register(formbody);
  await fastify.register(rateLimit, { global: false });
  await fastify.register(swagger);
  await fastify.register(db, {
    target: database ?? { url: config.databaseUrl, dataDir: config.dataDir },
  });
  await fastify.register(auth, { sessionSecret: config.sessionSecret, adminToken: config.adminToken });
  await fastify.register(push, { config, options: pushOptions });
  await fastify.register(wechat, { wechat: config.wechat, pay: config.pay });
  await fastify.register(shop, {
    noticeLeaseMs: noticeOptions?.leaseMs ?? noticeRuntimeDefaults(config).leaseMs,
  });
  await fastify.register(payments, { config, reconcile: { ...RECONCILE_DEFAULTS, ...reconcile } });
  await fastify.register(notices, {
    config,
    runtime: { ...noticeRuntimeDefaults(config), ...noticeOptions },
  });

  // After the services: start-up (migrations) blocks the event loop and must not count as pressure.
  await fastify.register(loadShedding, { limits: config.pressure });
  await fastify.register(health, { retryAfterSeconds: config.pressure.retryAfterSeconds });
  await fastify.register(authRoutes, { prefix: '/auth', perMinute: rateLimits?.loginPerMinute ?? 30 });
  await fastify.register(catalogRoutes, { prefix: '/catalog' });
  await fastify.register(ordersRoutes, { prefix: '/orders', perMinute: rateLimits?.ordersPerMinute ?? 20 });
  await fastify.register(payNotifyRoutes, { prefix: '/pay' });
  await fastify.register(sendTemplatePaySuccessRoutes, { prefix: '/wx' });
  await fastify.register(formIdsRoutes, { prefix: '/formids' });
  await fastify.register(subscriptionsRoutes, {
    prefix: '/subscriptions',
    subscribeIds: Object.values(config.notices.subscribeIds).filter((id): id is string => Boolean(id)),
  });
  await fastify.register(adminOrdersRoutes, { prefix: '/admin/orders' });
  await fastify.register(adminRefundsRoutes, { prefix: '/admin/orders' });
  await fastify.register(adminNoticesRoutes, { prefix: '/admin/notices' });
  await fastify.register(pushRoutes);
  await fastify.register(consoleUi, { prefix: '/console' });
}
