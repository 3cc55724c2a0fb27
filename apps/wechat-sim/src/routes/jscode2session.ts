// GET /sns/jscode2session: trades a wx.login code for openid + session_key, once.

import type { FastifyInstance } from 'fastify';
import { newSessionKey } from '../ids.js';
import { wxError } from '../wx-errors.js';
import { checkAppCredentials } from './app-credentials.js';

export async function jscode2sessionRoute(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.get('/sns/jscode2session', { config: { endpoint: 'jscode2session' } }, async (request) => {
    const query = request.query as Record<string, string | undefined>;
    const bad = checkAppCredentials(sim, query.appid, query.secret);
    if (bad) return bad;
    if (query.grant_type !== 'authorization_code') return wxError(40002);
    if (!query.js_code) return wxError(41008);
    const appid = query.appid!;
    const now = sim.clock.now();
    const limited = sim.limits.admit('jscode2session', appid, now);
    if (limited) return wxError(limited);
    const owner = sim.loginCodes.ownerOf(appid, query.js_code, now);
    // code2Session: "每个用户每分钟100次" - the limit counts the user, not the whole app.
    const userLimited =
      owner && sim.limits.admitUser('jscode2session', owner, now, sim.config.loginsPerUserPerMinute);
    if (userLimited) return wxError(userLimited);
    const redeemed = sim.loginCodes.redeem(appid, query.js_code, now);
    if (!redeemed.ok) return wxError(redeemed.errcode);
    const user = sim.users.get(redeemed.openid);
    return {
      session_key: newSessionKey(),
      openid: redeemed.openid,
      ...(user?.unionid ? { unionid: user.unionid } : {}),
    };
  });
}
