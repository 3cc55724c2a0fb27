// Counters tests read to prove a client cached its token or retried the right number of times.

import type { WxEndpoint } from '../options.js';

export class Stats {
  private readonly calls = new Map<WxEndpoint, number>();
  private readonly tokenFetches = new Map<string, { token: number; stable_token: number }>();

  call(endpoint: WxEndpoint): void {
    this.calls.set(endpoint, (this.calls.get(endpoint) ?? 0) + 1);
  }

  tokenFetched(appid: string, pool: 'token' | 'stable_token'): void {
    const entry = this.tokenFetches.get(appid) ?? { token: 0, stable_token: 0 };
    entry[pool]++;
    this.tokenFetches.set(appid, entry);
  }

  snapshot() {
    return {
      calls: Object.fromEntries(this.calls),
      tokenFetches: Object.fromEntries(
        [...this.tokenFetches].map(([appid, c]) => [appid, { ...c, total: c.token + c.stable_token }]),
      ),
    };
  }

  clear(): void {
    this.calls.clear();
    this.tokenFetches.clear();
  }
}
