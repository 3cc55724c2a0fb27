// WeChat's per-minute frequency limit (45011) and per-day quota (45009), per endpoint per appid.

import { chinaDayIndex } from '../clock.js';
import type { WxEndpoint } from '../options.js';

export class Limits {
  private readonly minuteCounts = new Map<string, number>();
  private readonly dayCounts = new Map<string, number>();

  constructor(
    private readonly perMinute: (endpoint: WxEndpoint) => number,
    private readonly perDay: (endpoint: WxEndpoint) => number,
  ) {}

  /** Counts the call; 0 when allowed, else 45011 or 45009. */
  admit(endpoint: WxEndpoint, appid: string, now: number): 0 | 45009 | 45011 {
    const minuteKey = `${endpoint}\n${appid}\n${Math.floor(now / 60_000)}`;
    const dayKey = `${endpoint}\n${appid}\n${chinaDayIndex(now)}`;
    const minute = this.minuteCounts.get(minuteKey) ?? 0;
    if (minute >= this.perMinute(endpoint)) return 45011;
    const day = this.dayCounts.get(dayKey) ?? 0;
    if (day >= this.perDay(endpoint)) return 45009;
    this.minuteCounts.set(minuteKey, minute + 1);
    this.dayCounts.set(dayKey, day + 1);
    return 0;
  }

  /** A per-user minute limit (jscode2session: 100 a minute per user); 0 when allowed, else 45011. */
  admitUser(endpoint: WxEndpoint, openid: string, now: number, perMinute: number): 0 | 45011 {
    const key = `${endpoint}\nuser\n${openid}\n${Math.floor(now / 60_000)}`;
    const used = this.minuteCounts.get(key) ?? 0;
    if (used >= perMinute) return 45011;
    this.minuteCounts.set(key, used + 1);
    return 0;
  }

  /** Today's count, for /sim/stats. */
  usedToday(endpoint: WxEndpoint, appid: string, now: number): number {
    return this.dayCounts.get(`${endpoint}\n${appid}\n${chinaDayIndex(now)}`) ?? 0;
  }

  clear(): void {
    this.minuteCounts.clear();
    this.dayCounts.clear();
  }
}
