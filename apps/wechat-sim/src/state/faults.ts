// Faults queued for the next N calls of an endpoint: an errcode, an HTTP status, a delay, or a mix.

import type { WxEndpoint } from '../options.js';

export interface FaultSpec {
  errcode?: number;
  status?: number;
  delayMs?: number;
  count: number;
}

export interface Fault {
  errcode?: number;
  status?: number;
  delayMs?: number;
}

export class Faults {
  private readonly queues = new Map<WxEndpoint, (FaultSpec & { remaining: number })[]>();

  add(endpoint: WxEndpoint, spec: FaultSpec): void {
    const queue = this.queues.get(endpoint) ?? [];
    queue.push({ ...spec, remaining: spec.count });
    this.queues.set(endpoint, queue);
  }

  /** The fault for this call, if one is pending. */
  take(endpoint: WxEndpoint): Fault | undefined {
    const queue = this.queues.get(endpoint);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining--;
    if (head.remaining <= 0) queue.shift();
    const { errcode, status, delayMs } = head;
    return { errcode, status, delayMs };
  }

  pending(): Record<string, { errcode?: number; status?: number; delayMs?: number; remaining: number }[]> {
    return Object.fromEntries(
      [...this.queues]
        .filter(([, q]) => q.length > 0)
        .map(([e, q]) => [e, q.map(({ count: _count, ...f }) => f)]),
    );
  }

  clear(): void {
    this.queues.clear();
  }
}
