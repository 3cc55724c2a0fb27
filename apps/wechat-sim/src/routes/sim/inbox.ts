// What shoppers received: JSON for tests, a 服务通知 look-alike page for people.

import type { FastifyInstance } from 'fastify';
import { renderInboxPage } from '../../inbox-page.js';

export async function inboxRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.get<{ Querystring: { openid?: string } }>(
    '/sim/inbox',
    { schema: { querystring: { type: 'object', properties: { openid: { type: 'string', minLength: 1 } } } } },
    async (request) => sim.inbox.list(request.query.openid),
  );

  app.get<{ Querystring: { openid?: string } }>(
    '/sim/inbox/page',
    { schema: { querystring: { type: 'object', properties: { openid: { type: 'string', minLength: 1 } } } } },
    async (request, reply) =>
      reply.type('text/html; charset=utf-8').send(renderInboxPage(sim.inbox.list(request.query.openid))),
  );
}
