// formIds minted by a device on form submit: one use, 7 days, only to the openid that produced them.

import { newFormId } from '../ids.js';

export const FORM_ID_TTL_MS = 7 * 86_400_000;

interface FormId {
  formId: string;
  appid: string;
  openid: string;
  expiresAt: number;
  used: boolean;
}

export class FormIds {
  private readonly formIds = new Map<string, FormId>();

  mint(appid: string, openid: string, now: number): string {
    const formId = newFormId();
    this.formIds.set(formId, { formId, appid, openid, expiresAt: now + FORM_ID_TTL_MS, used: false });
    return formId;
  }

  has(formId: string): boolean {
    return this.formIds.has(formId);
  }

  /** 0 and consumed, or the errcode WeChat answers (nothing is consumed then). */
  consume(formId: string, appid: string, openid: string, now: number): 0 | 41028 | 41029 {
    const entry = this.formIds.get(formId);
    // WeChat reports a formId of another user or app as invalid (41028), not as a bad openid.
    if (!entry || entry.appid !== appid || entry.openid !== openid || now >= entry.expiresAt) return 41028;
    if (entry.used) return 41029;
    entry.used = true;
    return 0;
  }

  clear(): void {
    this.formIds.clear();
  }
}
