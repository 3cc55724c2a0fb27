// Opens the database: a PostgreSQL pool when DATABASE_URL is set, else embedded PGlite (a data folder,
// or memory for tests). PGlite is single-process, so its folder is locked against a second BFF.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PreparingClient } from './prepared-statements.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseTarget {
  /** postgres://... */
  url?: string;
  /** PGlite data folder; ignored when url is set. */
  dataDir?: string;
  /** In-memory PGlite (tests). */
  memory?: boolean;
  /** Start the in-memory PGlite from this data-dir dump: ~5x faster than a fresh initdb. */
  memoryTemplate?: Blob | File;
  poolSize?: number;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

// Timestamps come back as Date and bigint counts as numbers (our counts stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.url) {
    const pool = new pg.Pool({
      connectionString: target.url,
      Client: PreparingClient,
      max: target.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
      // A query that hangs (server gone) must fail fast so webhook callers get a quick error.
      query_timeout: 4000,
    });
    // A dropped connection (server restart, failover, network cut) must never crash the process: the
    // query in flight fails with its own error, and the pool replaces the client.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  // Loaded only when used, so a PostgreSQL-backed process does not carry PGlite (a few MB of RSS).
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]);
  if (target.memory) {
    const pglite = new PGlite(target.memoryTemplate ? { loadDataDir: target.memoryTemplate } : {});
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return { db, kind: 'pglite', close: () => db.destroy() };
  }
  const dir = target.dataDir ?? '.data/bff';
  const release = lockDataDir(dir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(new PGlite(join(dir, 'pglite'))) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      release();
    },
  };
}

/** Refuses to open a PGlite folder another live process holds: PGlite is single-process. */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockFile = join(dir, 'bff.pid');
  try {
    const holder = Number(readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `DATA_DIR ${dir} is in use by process ${holder}: embedded PGlite serves one BFF process; ` +
          'set DATABASE_URL to a PostgreSQL server to run several instances',
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
