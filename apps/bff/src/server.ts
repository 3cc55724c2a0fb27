// Builds the app from the environment, listens, and closes with grace: on SIGINT/SIGTERM (or a crash)
// the server stops accepting connections, in-flight requests finish, the workers stop claiming (their
// onClose hooks), the database closes, then the process exits 0. Past SHUTDOWN_GRACE_MS, or on a
// second signal, it exits 1 at once.

import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

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
  const app = await buildApp({ config });
  closeWithGrace({ delay: config.shutdownGraceMs, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'crashed; closing');
    else app.log.info({ signal }, 'shutting down');
    // A keep-alive socket whose last answer finishes during the close stays open otherwise, and
    // close() would wait for the client to drop it.
    const dropIdleSockets = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close().finally(() => clearInterval(dropIdleSockets));
  });
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
