// The shoppers that exist in the emulated WeChat. An openid belongs to one app: the same person has
// another openid in every other app (only a unionid links them).

import { newOpenid } from '../ids.js';

export interface SimUser {
  openid: string;
  appid: string;
  unionid?: string;
}

export type CreatedUser = { ok: true; user: SimUser } | { ok: false; ownerAppid: string };

export class Users {
  private readonly byOpenid = new Map<string, SimUser>();

  /** Creates the user in the app, or returns the existing one; an openid of another app is refused. */
  create(appid: string, openid?: string, unionid?: string): CreatedUser {
    const id = openid ?? newOpenid();
    const existing = this.byOpenid.get(id);
    if (existing)
      return existing.appid === appid
        ? { ok: true, user: existing }
        : { ok: false, ownerAppid: existing.appid };
    const user: SimUser = unionid ? { openid: id, appid, unionid } : { openid: id, appid };
    this.byOpenid.set(id, user);
    return { ok: true, user };
  }

  get(openid: string): SimUser | undefined {
    return this.byOpenid.get(openid);
  }

  /** The user when the openid belongs to this app. */
  inApp(openid: string, appid: string): SimUser | undefined {
    const user = this.byOpenid.get(openid);
    return user?.appid === appid ? user : undefined;
  }

  list(): SimUser[] {
    return [...this.byOpenid.values()];
  }

  clear(): void {
    this.byOpenid.clear();
  }
}
