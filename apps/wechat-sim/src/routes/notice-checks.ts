// Checks both message channels share: the recipient exists and the page belongs to the mini-program.

import type { Sim } from '../sim.js';
import { type WxErrorBody, wxError } from '../wx-errors.js';

/** touser must be an openid of the sending app; another app's openid is 40003 like an unknown one. */
export function checkTouser(sim: Sim, appid: string, touser: unknown): WxErrorBody | null {
  return typeof touser === 'string' && sim.users.inApp(touser, appid) ? null : wxError(40003);
}

/** An empty page is allowed (the notice opens nothing); otherwise the path must be a known page. */
export function checkPage(sim: Sim, appid: string, page: unknown): WxErrorBody | null {
  if (page === undefined || page === '') return null;
  if (typeof page !== 'string') return wxError(41030);
  const path = page.replace(/^\//, '').split('?')[0] ?? '';
  return sim.config.apps.get(appid)?.pages.includes(path) ? null : wxError(41030);
}

export function nowIso(sim: Sim): string {
  return new Date(sim.clock.now()).toISOString();
}
