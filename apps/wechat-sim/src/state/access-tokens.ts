// Access tokens per appid. `token` and `stable_token` are separate pools, as on WeChat: each issue of a
// new token rotates the previous one of the same pool out after a grace period.

import { newAccessToken } from '../ids.js';

export const TOKEN_TTL_S = 7200;
/** getStableAccessToken: "平台会提前5分钟更新access_token" - normal calls in the last 5 minutes get a new one. */
export const STABLE_RENEW_WINDOW_MS = 5 * 60_000;

export type TokenPool = 'token' | 'stable_token';

interface IssuedToken {
  token: string;
  appid: string;
  pool: TokenPool;
  expiresAt: number;
  /** Set when a newer token of the same pool was issued, or when revoked. */
  invalidAfter?: number;
}

export type TokenCheck = { ok: true; appid: string } | { ok: false; errcode: 40001 | 42001 | 41001 };

export class AccessTokens {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly current = new Map<string, IssuedToken>();

  constructor(private readonly graceMs: number) {}

  /**
   * A fresh token; the previous one of this pool keeps working for the grace period, or, when
   * `keepPrevious`, until its own expiry.
   */
  issue(
    appid: string,
    pool: TokenPool,
    now: number,
    keepPrevious = false,
  ): { access_token: string; expires_in: number } {
    const key = `${pool}:${appid}`;
    const previous = this.current.get(key);
    if (previous && previous.invalidAfter === undefined && !keepPrevious)
      previous.invalidAfter = now + this.graceMs;
    const issued: IssuedToken = { token: newAccessToken(), appid, pool, expiresAt: now + TOKEN_TTL_S * 1000 };
    this.tokens.set(issued.token, issued);
    this.current.set(key, issued);
    return { access_token: issued.token, expires_in: TOKEN_TTL_S };
  }

  /**
   * The stable token in normal mode: the current one until its last 5 minutes, then a new one while
   * the old keeps working until it expires (getStableAccessToken, 其他说明).
   */
  stable(appid: string, now: number): { access_token: string; expires_in: number } {
    const current = this.current.get(`stable_token:${appid}`);
    if (current && current.invalidAfter === undefined && current.expiresAt - now > STABLE_RENEW_WINDOW_MS) {
      return { access_token: current.token, expires_in: Math.floor((current.expiresAt - now) / 1000) };
    }
    return this.issue(appid, 'stable_token', now, true);
  }

  check(token: string | undefined, now: number): TokenCheck {
    if (!token) return { ok: false, errcode: 41001 };
    const issued = this.tokens.get(token);
    if (!issued) return { ok: false, errcode: 40001 };
    if (issued.invalidAfter !== undefined && now >= issued.invalidAfter) return { ok: false, errcode: 40001 };
    if (now >= issued.expiresAt) return { ok: false, errcode: 42001 };
    return { ok: true, appid: issued.appid };
  }

  /** Invalidate every token of the app at once (no grace). */
  revoke(appid: string, now: number): number {
    let count = 0;
    for (const issued of this.tokens.values()) {
      if (issued.appid !== appid) continue;
      if (issued.invalidAfter === undefined || issued.invalidAfter > now) count++;
      issued.invalidAfter = now;
    }
    return count;
  }

  clear(): void {
    this.tokens.clear();
    this.current.clear();
  }
}
