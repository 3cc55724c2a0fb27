// What the benchmark sections share: the emulator in this process and BFF processes on a fresh
// database (PostgreSQL when DATABASE_URL is set, else an embedded PGlite folder for one process).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BffProcess, bffEnv, freePort, startBff } from '../test/support/bff-process.js';
import { type Emulator, startEmulator } from '../test/support/emulator.js';
import { freshDatabase } from '../test/support/postgres.js';

export interface BenchWorld {
  emulator: Emulator;
  instances: BffProcess[];
  /** The PostgreSQL database of this run (undefined on PGlite). */
  databaseName?: string;
  close(): Promise<void>;
}

/** `count` BFF processes with production notice timings (no test speed-ups) and info logging. */
export async function openBenchWorld(
  count: number,
  extra: Record<string, string> = {},
  nodeFlags: readonly string[] = [],
): Promise<BenchWorld> {
  const emulator = await startEmulator({}, undefined);
  const database = process.env.DATABASE_URL ? await freshDatabase('bench') : undefined;
  if (!database && count > 1) throw new Error('several BFF processes need PostgreSQL: set DATABASE_URL');
  const dataDir = database ? undefined : mkdtempSync(join(tmpdir(), 'evidence-bench-'));
  const instances: BffProcess[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const env = bffEnv(emulator, port, database?.url ?? '', {
      NOTICE_POLL_MS: '1000',
      NOTICE_RETRY_BASE_MS: '5000',
      LOG_LEVEL: 'info',
      ...extra,
    });
    if (!database) {
      delete (env as Record<string, string | undefined>).DATABASE_URL;
      env.DATA_DIR = dataDir!;
    }
    instances.push(await startBff(`bff-${i + 1}`, env, nodeFlags));
  }
  return {
    emulator,
    instances,
    databaseName: database?.name,
    async close() {
      await Promise.all(instances.map((instance) => instance.stop()));
      await emulator.close();
      await database?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
