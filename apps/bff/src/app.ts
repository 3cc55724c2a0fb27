// The whole BFF as one Fastify plugin. Load order: external plugins, then our services, then routes.

import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import sensible from '@fastify/sensible';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { DatabaseTarget } from './db/connect.js';
import auth from './plugins/auth.js';
import db from './plugins/db.js';
import errors from './plugins/errors.js';
import swagger from './plugins/swagger.js';
import authRoutes from './routes/auth/index.js';
import health from './routes/health.js';

export interface AppOptions {
  config: Config;
  /** Overrides the database the config names (tests use in-memory PGlite). */
  database?: DatabaseTarget;
  logger?: FastifyServerOptions['logger'];
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

export async function buildApp({ config, database, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    bodyLimit: 256 * 1024,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(sensible);
  await app.register(errors);
  await app.register(cors, { origin: config.corsOrigins });
  await app.register(formbody);
  await app.register(swagger);
  await app.register(db, {
    target: database ?? { url: config.databaseUrl, dataDir: config.dataDir },
  });
  await app.register(auth, { sessionSecret: config.sessionSecret, adminToken: config.adminToken });

  await app.register(health);
  await app.register(authRoutes, { prefix: '/auth' });
  return app;
}
