// The emulator's own knobs: clock, faults, token revocation, counters, reset, and the BFF settings.

import type { FastifyInstance } from 'fastify';
import { WX_ENDPOINTS, type WxEndpoint } from '../../options.js';

interface FaultBody {
  endpoint: WxEndpoint;
  errcode?: number;
  status?: number;
  delayMs?: number;
  count?: number;
}

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  // One reading of the clock, so `now` and `epochMs` name the same instant.
  const clockView = (epochMs = sim.clock.now()) => ({ now: new Date(epochMs).toISOString(), epochMs });

  app.get('/sim/clock', async () => clockView());

  app.post<{ Body: { seconds: number } }>(
    '/sim/clock/advance',
    {
      schema: {
        body: {
          type: 'object',
          required: ['seconds'],
          properties: { seconds: { type: 'number', minimum: 0, maximum: 10 * 365 * 86400 } },
        },
      },
    },
    async (request) => {
      sim.clock.advance(request.body.seconds);
      return clockView();
    },
  );

  app.post<{ Body: { enabled: boolean } }>(
    '/sim/template-api',
    {
      schema: {
        body: {
          type: 'object',
          required: ['enabled'],
          additionalProperties: false,
          properties: { enabled: { type: 'boolean' } },
        },
      },
    },
    async (request) => {
      sim.templateApi = request.body.enabled;
      return { enabled: sim.templateApi };
    },
  );

  app.post<{ Body: FaultBody }>(
    '/sim/faults',
    {
      schema: {
        body: {
          type: 'object',
          required: ['endpoint'],
          additionalProperties: false,
          properties: {
            endpoint: { type: 'string', enum: [...WX_ENDPOINTS] },
            errcode: { type: 'integer' },
            status: { type: 'integer', minimum: 500, maximum: 599 },
            delayMs: { type: 'integer', minimum: 0, maximum: 120_000 },
            count: { type: 'integer', minimum: 1, maximum: 10_000 },
          },
        },
      },
    },
    async (request, reply) => {
      const { endpoint, count = 1, ...fault } = request.body;
      if (fault.errcode === undefined && fault.status === undefined && fault.delayMs === undefined) {
        return reply
          .code(400)
          .send({ error: 'Bad Request', message: 'a fault needs errcode, status or delayMs' });
      }
      sim.faults.add(endpoint, { ...fault, count });
      return { pending: sim.faults.pending() };
    },
  );

  app.get('/sim/faults', async () => ({ pending: sim.faults.pending() }));

  app.delete('/sim/faults', async () => {
    sim.faults.clear();
    return { pending: {} };
  });

  app.post<{ Body: { appid: string } }>(
    '/sim/tokens/revoke',
    {
      schema: {
        body: {
          type: 'object',
          required: ['appid'],
          properties: { appid: { type: 'string', minLength: 1 } },
        },
      },
    },
    async (request, reply) => {
      if (!sim.config.apps.has(request.body.appid)) {
        return reply
          .code(400)
          .send({ error: 'Bad Request', message: `appid ${request.body.appid} is not an emulated app` });
      }
      return { revoked: sim.tokens.revoke(request.body.appid, sim.clock.now()) };
    },
  );

  app.get('/sim/stats', async () => {
    const now = sim.clock.now();
    const quotaUsedToday = Object.fromEntries(
      [...sim.config.apps.keys()].map((appid) => [
        appid,
        Object.fromEntries(
          WX_ENDPOINTS.map((endpoint) => [endpoint, sim.limits.usedToday(endpoint, appid, now)]),
        ),
      ]),
    );
    return { ...sim.stats.snapshot(), quotaUsedToday };
  });

  app.post('/sim/reset', async () => {
    sim.reset();
    return { reset: true };
  });

  app.get('/sim/config', async (request) => sim.env(`${request.protocol}://${request.host}`));
}
