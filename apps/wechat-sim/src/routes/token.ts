// GET /cgi-bin/token and POST /cgi-bin/stable_token.

import type { FastifyInstance } from 'fastify';
import { wxError } from '../wx-errors.js';
import { checkAppCredentials } from './app-credentials.js';
import { isWxError, parseWxBody } from './wechat-api.js';

export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.get('/cgi-bin/token', { config: { endpoint: 'token' } }, async (request) => {
    const query = request.query as Record<string, string | undefined>;
    if (query.grant_type !== 'client_credential') return wxError(40002);
    const bad = checkAppCredentials(sim, query.appid, query.secret);
    if (bad) return bad;
    const appid = query.appid!;
    const now = sim.clock.now();
    const limited = sim.limits.admit('token', appid, now);
    if (limited) return wxError(limited);
    sim.stats.tokenFetched(appid, 'token');
    return sim.tokens.issue(appid, 'token', now);
  });

  app.post('/cgi-bin/stable_token', { config: { endpoint: 'stable_token' } }, async (request) => {
    const body = parseWxBody(request.body);
    if (isWxError(body)) return body;
    if (body.grant_type !== 'client_credential') return wxError(40002);
    const bad = checkAppCredentials(sim, body.appid, body.secret);
    if (bad) return bad;
    if (body.force_refresh !== undefined && typeof body.force_refresh !== 'boolean') {
      return wxError(47001, 'force_refresh must be a boolean');
    }
    const appid = body.appid as string;
    const now = sim.clock.now();
    const limited = sim.limits.admit('stable_token', appid, now);
    if (limited) return wxError(limited);
    if (body.force_refresh === true) {
      const refused = sim.forceRefreshes.admit(appid, now);
      if (refused) return wxError(refused, 'force_refresh is limited to 20 a day, 30 s apart');
      sim.stats.tokenFetched(appid, 'stable_token');
      return sim.tokens.issue(appid, 'stable_token', now);
    }
    sim.stats.tokenFetched(appid, 'stable_token');
    return sim.tokens.stable(appid, now);
  });
}
