// CPU time of the processes an order passes through, read from /proc (Linux): the BFF child, this process
// (the emulator and the load generator) and PostgreSQL. CPU time per order holds on a busy machine,
// where throughput and latency only say how much of the cores the run happened to get.

import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** User and system (kernel: sockets, pipes) CPU time of a process, all its threads, in ms; NaN when gone. */
export function processCpu(pid: number | undefined): { user: number; system: number } {
  if (!pid) return { user: Number.NaN, system: Number.NaN };
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * TICK_MS, system: Number(fields[12]) * TICK_MS };
  } catch {
    return { user: Number.NaN, system: Number.NaN };
  }
}

const processCpuMs = (pid: number | undefined) => {
  const { user, system } = processCpu(pid);
  return user + system;
};

/**
 * PostgreSQL's CPU split in two: the backends connected to `database` (this run's own work) and every
 * other postgres process (WAL writer, checkpointer, and the backends of whoever else shares the server).
 */
export function postgresCpuMs(database: string | undefined): { own: number; shared: number } {
  let own = 0;
  let shared = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      // A backend names itself `postgres: [<cluster>: ]<user> <database> <client> <state>`.
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const ms = processCpuMs(Number(pid));
      if (database && title.split(/\s+/).includes(database)) own += ms || 0;
      else shared += ms || 0;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return { own, shared };
}

export interface CpuSplit {
  bffMs: number;
  /** The part of bffMs spent in the kernel. */
  bffSystemMs: number;
  benchProcessMs: number;
  postgresOwnMs: number;
  postgresSharedMs: number;
}

/** Starts a reading; `stop()` returns the CPU each part spent since (backends that ended are lost). */
export function cpuSplit(bffPid: number | undefined, database: string | undefined): { stop(): CpuSplit } {
  const read = (): CpuSplit => {
    const postgres = postgresCpuMs(database);
    const bff = processCpu(bffPid);
    return {
      bffMs: bff.user + bff.system,
      bffSystemMs: bff.system,
      benchProcessMs: processCpuMs(process.pid),
      postgresOwnMs: postgres.own,
      postgresSharedMs: postgres.shared,
    };
  };
  const start = read();
  return {
    stop: () => {
      const end = read();
      return {
        bffMs: end.bffMs - start.bffMs,
        bffSystemMs: end.bffSystemMs - start.bffSystemMs,
        benchProcessMs: end.benchProcessMs - start.benchProcessMs,
        postgresOwnMs: end.postgresOwnMs - start.postgresOwnMs,
        postgresSharedMs: end.postgresSharedMs - start.postgresSharedMs,
      };
    },
  };
}
