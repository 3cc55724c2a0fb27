// The shoppers that exist in the emulated WeChat.

import { newOpenid } from '../ids.js';

export interface SimUser {
  openid: string;
  unionid?: string;
}

export class Users {
  private readonly byOpenid = new Map<string, SimUser>();

  create(openid?: string, unionid?: string): SimUser {
    const id = openid ?? newOpenid();
    const existing = this.byOpenid.get(id);
    if (existing) return existing;
    const user: SimUser = unionid ? { openid: id, unionid } : { openid: id };
    this.byOpenid.set(id, user);
    return user;
  }

  get(openid: string): SimUser | undefined {
    return this.byOpenid.get(openid);
  }

  list(): SimUser[] {
    return [...this.byOpenid.values()];
  }

  clear(): void {
    this.byOpenid.clear();
  }
}
