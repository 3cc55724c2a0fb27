// Control routes take an optional appid; it defaults to the first configured app.

import type { FastifyReply } from 'fastify';
import type { ResolvedApp } from '../../options.js';
import type { Sim } from '../../sim.js';
import type { SimUser } from '../../state/users.js';

export function resolveApp(
  sim: Sim,
  appid: string | undefined,
  reply: FastifyReply,
): ResolvedApp | undefined {
  const app = sim.config.apps.get(appid ?? sim.config.defaultAppid);
  if (!app)
    void reply.code(400).send({ error: 'Bad Request', message: `appid ${appid} is not an emulated app` });
  return app;
}

/** A push may come from a mini-program or from the Official Account. */
export function resolvePushApp(
  sim: Sim,
  appid: string | undefined,
  reply: FastifyReply,
): ResolvedApp | undefined {
  const oa = sim.config.officialAccount;
  return appid === oa.appid ? oa : resolveApp(sim, appid, reply);
}

export function requireUser(sim: Sim, openid: string, appid: string, reply: FastifyReply): boolean {
  if (sim.users.inApp(openid, appid)) return true;
  void reply.code(404).send({
    error: 'Not Found',
    message: `openid ${openid} is not a user of ${appid}; create it with POST /sim/users`,
  });
  return false;
}

/** The user of the app with that openid (created when new); 409 when the openid is another app's. */
export function ensureUser(
  sim: Sim,
  appid: string,
  reply: FastifyReply,
  openid?: string,
  unionid?: string,
): SimUser | undefined {
  const created = sim.users.create(appid, openid, unionid);
  if (created.ok) return created.user;
  void reply.code(409).send({
    error: 'Conflict',
    message: `openid ${openid} belongs to ${created.ownerAppid}; an openid is per app`,
  });
  return undefined;
}
