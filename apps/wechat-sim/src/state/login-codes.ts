// wx.login codes: bound to one app, usable once, dead after 5 minutes.

import { newLoginCode } from '../ids.js';

export const LOGIN_CODE_TTL_MS = 5 * 60_000;

interface LoginCode {
  code: string;
  appid: string;
  openid: string;
  expiresAt: number;
  used: boolean;
}

export type CodeRedemption = { ok: true; openid: string } | { ok: false; errcode: 40029 | 40163 };

export class LoginCodes {
  private readonly codes = new Map<string, LoginCode>();

  mint(appid: string, openid: string, now: number): string {
    const code = newLoginCode();
    this.codes.set(code, { code, appid, openid, expiresAt: now + LOGIN_CODE_TTL_MS, used: false });
    return code;
  }

  /** The openid a still-usable code of this app was minted for, without using it. */
  ownerOf(appid: string, code: string, now: number): string | undefined {
    const entry = this.codes.get(code);
    return entry && entry.appid === appid && now < entry.expiresAt && !entry.used ? entry.openid : undefined;
  }

  redeem(appid: string, code: string, now: number): CodeRedemption {
    const entry = this.codes.get(code);
    if (!entry || entry.appid !== appid || now >= entry.expiresAt) return { ok: false, errcode: 40029 };
    if (entry.used) return { ok: false, errcode: 40163 };
    entry.used = true;
    return { ok: true, openid: entry.openid };
  }

  clear(): void {
    this.codes.clear();
  }
}
