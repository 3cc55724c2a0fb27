// N BFF processes on one database against one emulator, each with its own port and NOTIFY_BASE_URL.

import { afterAll, beforeAll } from 'vitest';
import { type BffProcess, bffEnv, freePort, startBff } from './bff-process.js';
import { type Emulator, startEmulator } from './emulator.js';
import { type FreshDatabase, freshDatabase } from './postgres.js';

export async function startCluster(
  emulator: Emulator,
  databaseUrl: string,
  count: number,
  extra: Record<string, string> = {},
): Promise<BffProcess[]> {
  const instances: BffProcess[] = [];
  // One at a time: migrations lock anyway, and two cores start one process faster than three.
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    instances.push(await startBff(`bff-${i + 1}`, bffEnv(emulator, port, databaseUrl, extra)));
  }
  return instances;
}

export async function stopCluster(instances: readonly BffProcess[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.stop()));
}

/** What useCluster sets up; the fields are filled in by its beforeAll. */
export interface ClusterWorld {
  database: FreshDatabase;
  emulator: Emulator;
  cluster: BffProcess[];
}

/** A fresh database, an emulator and `count` BFF processes for the calling describe block, stopped after it. */
export function useCluster(name: string, count: number, extra: Record<string, string> = {}): ClusterWorld {
  const world = { cluster: [] as BffProcess[] } as ClusterWorld;
  beforeAll(async () => {
    world.database = await freshDatabase(name);
    world.emulator = await startEmulator();
    world.cluster = await startCluster(world.emulator, world.database.url, count, extra);
  });
  afterAll(async () => {
    await stopCluster(world.cluster);
    await world.emulator?.close();
    await world.database?.drop();
  });
  return world;
}

/** Counts rows of a table on the suite's database. */
export type Count = (sql: string) => Promise<number>;
