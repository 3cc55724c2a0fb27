// getStableAccessToken's force_refresh mode: "该模式限制每天20次 ... 请保证调用时间隔至少为30s".

import { chinaDayIndex } from '../clock.js';

export const FORCE_REFRESHES_PER_DAY = 20;
export const FORCE_REFRESH_MIN_GAP_MS = 30_000;

export class ForceRefreshes {
  private readonly byApp = new Map<string, { day: number; used: number; lastAt: number }>();

  /**
   * Counts a force refresh; 0 when allowed. WeChat's error table for the API has 45009 (daily limit)
   * and 45011 (called too often); the 20 a day maps to the first, the 30 s gap to the second.
   */
  admit(appid: string, now: number): 0 | 45009 | 45011 {
    const day = chinaDayIndex(now);
    const entry = this.byApp.get(appid);
    const today = entry && entry.day === day ? entry : { day, used: 0, lastAt: Number.NEGATIVE_INFINITY };
    if (today.used >= FORCE_REFRESHES_PER_DAY) return 45009;
    if (entry && now - entry.lastAt < FORCE_REFRESH_MIN_GAP_MS) return 45011;
    this.byApp.set(appid, { day, used: today.used + 1, lastAt: now });
    return 0;
  }

  clear(): void {
    this.byApp.clear();
  }
}
