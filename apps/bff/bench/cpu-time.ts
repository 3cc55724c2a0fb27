// CPU time spent by this process's main thread (the servers) and by local PostgreSQL processes, read
// from /proc: shows where a push event's cost goes. Linux only; PostgreSQL counts only when it runs on
// this machine (otherwise 0).

import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a /proc stat line, in ms. */
function cpuMs(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

export interface CpuSample {
  mainThreadMs: number;
  postgresMs: number;
  /** Busy time of every core of the machine (all processes), and all time of every core. */
  machineBusyMs: number;
  machineTotalMs: number;
}

/** The machine's busy and total CPU time from /proc/stat's first line (idle and iowait are not busy). */
function machineMs(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const total = fields.reduce((sum, ticks) => sum + ticks, 0);
  const idle = fields[3]! + fields[4]!;
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
}

export function sampleCpu(): CpuSample {
  let postgresMs = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres')
        postgresMs += cpuMs(`/proc/${pid}/stat`);
    } catch {
      // The process ended between listing and reading.
    }
  }
  const machine = machineMs();
  return {
    mainThreadMs: cpuMs(`/proc/self/task/${process.pid}/stat`),
    postgresMs,
    machineBusyMs: machine.busy,
    machineTotalMs: machine.total,
  };
}

export function cpuSince(start: CpuSample): CpuSample {
  const now = sampleCpu();
  return {
    mainThreadMs: now.mainThreadMs - start.mainThreadMs,
    postgresMs: now.postgresMs - start.postgresMs,
    machineBusyMs: now.machineBusyMs - start.machineBusyMs,
    machineTotalMs: now.machineTotalMs - start.machineTotalMs,
  };
}
