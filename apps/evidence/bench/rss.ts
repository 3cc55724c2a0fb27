// Resident memory of a child process, from /proc (Linux), sampled while load runs.

import { readFileSync } from 'node:fs';

export function rssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Samples the peak RSS of the pids every 100 ms until stop() is called. */
export function peakRss(pids: () => (number | undefined)[]): { stop(): number[] } {
  let peaks = pids().map(() => 0);
  const timer = setInterval(() => {
    peaks = pids().map((pid, i) => Math.max(peaks[i] ?? 0, rssMb(pid) || 0));
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return peaks;
    },
  };
}
