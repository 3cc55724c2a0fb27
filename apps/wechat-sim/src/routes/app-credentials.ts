// appid + secret checks shared by the token endpoints and jscode2session, in WeChat's order.

import type { Sim } from '../sim.js';
import { type WxErrorBody, wxError } from '../wx-errors.js';

export function checkAppCredentials(sim: Sim, appid: unknown, secret: unknown): WxErrorBody | null {
  if (typeof appid !== 'string' || appid === '') return wxError(41002);
  const app = sim.config.apps.get(appid);
  if (!app) return wxError(40013);
  if (typeof secret !== 'string' || secret === '') return wxError(41004);
  // Constant-time is not needed here: the emulator holds test secrets only.
  if (secret !== app.secret) return wxError(40125);
  return null;
}
