// The app on its own Fastify instance, as server.ts builds it: for tests, benchmarks and the other
// packages' end-to-end stacks. The instance is not listening; listen() or inject() starts it.

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import app, { type AppOptions } from './app.js';
import { serverOptions } from './server-options.js';

export interface BuildAppOptions extends AppOptions {
  /** Logger options (false: silent); REDACTED_PATHS are always added. Default: LOG_LEVEL. */
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp({ logger, ...options }: BuildAppOptions): Promise<FastifyInstance> {
  const server = Fastify(serverOptions(options.config, logger));
  await server.register(fp(app, { name: 'checkout-bff' }), options);
  return server;
}
