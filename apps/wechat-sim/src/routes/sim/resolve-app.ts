// Control routes take an optional appid; it defaults to the first configured app.

import type { FastifyReply } from 'fastify';
import type { ResolvedApp } from '../../options.js';
import type { Sim } from '../../sim.js';

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

export function requireUser(sim: Sim, openid: string, reply: FastifyReply): boolean {
  if (sim.users.get(openid)) return true;
  void reply
    .code(404)
    .send({ error: 'Not Found', message: `openid ${openid} is not a user; create it with POST /sim/users` });
  return false;
}
