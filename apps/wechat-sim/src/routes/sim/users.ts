// What a phone does for its user: exist, log in, submit forms, accept subscriptions.

import type { FastifyInstance } from 'fastify';
import { ensureUser, requireUser, resolveApp } from './resolve-app.js';

const openidSchema = { type: 'string', minLength: 1, maxLength: 128 } as const;
const appidSchema = { type: 'string', minLength: 1 } as const;

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.post<{ Body: { openid?: string; unionid?: string; appid?: string } }>(
    '/sim/users',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { openid: openidSchema, unionid: openidSchema, appid: appidSchema },
        },
      },
    },
    async (request, reply) => {
      const target = resolveApp(sim, request.body?.appid, reply);
      if (!target) return reply;
      return ensureUser(sim, target.appid, reply, request.body?.openid, request.body?.unionid) ?? reply;
    },
  );

  app.post<{ Body: { openid?: string; appid?: string } }>(
    '/sim/login-codes',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { openid: openidSchema, appid: appidSchema },
        },
      },
    },
    async (request, reply) => {
      const target = resolveApp(sim, request.body?.appid, reply);
      if (!target) return reply;
      const user = ensureUser(sim, target.appid, reply, request.body?.openid);
      if (!user) return reply;
      return { code: sim.loginCodes.mint(target.appid, user.openid, sim.clock.now()), openid: user.openid };
    },
  );

  app.post<{ Body: { openid: string; appid?: string; count?: number } }>(
    '/sim/form-ids',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['openid'],
          properties: {
            openid: openidSchema,
            appid: appidSchema,
            count: { type: 'integer', minimum: 1, maximum: 100 },
          },
        },
      },
    },
    async (request, reply) => {
      const target = resolveApp(sim, request.body.appid, reply);
      if (!target || !requireUser(sim, request.body.openid, target.appid, reply)) return reply;
      const now = sim.clock.now();
      const formIds = Array.from({ length: request.body.count ?? 1 }, () =>
        sim.formIds.mint(target.appid, request.body.openid, now),
      );
      return { formIds };
    },
  );

  app.post<{ Body: { openid: string; templateIds: string[]; appid?: string } }>(
    '/sim/subscriptions',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['openid', 'templateIds'],
          properties: {
            openid: openidSchema,
            appid: appidSchema,
            templateIds: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string', minLength: 1 } },
          },
        },
      },
    },
    async (request, reply) => {
      const target = resolveApp(sim, request.body.appid, reply);
      if (!target || !requireUser(sim, request.body.openid, target.appid, reply)) return reply;
      const known = new Set(sim.config.templates.subscribe.map((t) => t.id));
      const unknown = request.body.templateIds.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        // wx.requestSubscribeMessage fails (errCode 20001) when a template id is not the app's.
        return reply
          .code(400)
          .send({ error: 'Bad Request', message: `unknown subscribe template ids: ${unknown.join(', ')}` });
      }
      for (const id of request.body.templateIds)
        sim.subscriptions.accept(target.appid, request.body.openid, id);
      return { accepted: request.body.templateIds };
    },
  );
}
