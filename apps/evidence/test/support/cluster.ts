// N BFF processes on one database against one emulator, each with its own port and NOTIFY_BASE_URL.

import { type BffProcess, bffEnv, freePort, startBff } from './bff-process.js';
import type { Emulator } from './emulator.js';

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

/** Counts rows of a table on the suite's database. */
export type Count = (sql: string) => Promise<number>;
