// Creates the Fastify instance from the environment, registers the app plugin, listens, and closes with grace: on SIGINT/SIGTERM (or a crash)
// the server stops accepting connections, in-flight requests finish, the workers stop claiming (their
// onClose hooks), the database closes, then the process exits 0. Past SHUTDOWN_GRACE_MS, or on a
// second signal, it exits 1 at once.

import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import app from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { serverOptions } from './server-options.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const server = Fastify(serverOptions(config));
  await server.register(fp(app, { name: 'checkout-bff' }), { config });
  closeWithGrace({ delay: config.shutdownGraceMs, logger: server.log }, async ({ signal, err }) => {
    if (err) server.log.error({ err }, 'crashed; closing');
    else server.log.info({ signal }, 'shutting down');
    // A keep-alive socket whose last answer finishes during the close stays open otherwise, and
    // close() would wait for the client to drop it.
    const dropIdleSockets = setInterval(() => server.server.closeIdleConnections(), 100);
    await server.close().finally(() => clearInterval(dropIdleSockets));
  });
  await server.listen({ port: config.port, host: config.host });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
