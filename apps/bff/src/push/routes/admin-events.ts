import { AdminEventsQuery, AdminEventsReply, ErrorBody } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listPushEvents } from '../queries/event-queries.js';

const events: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireAdmin);
  app.get(
    '/',
    {
      schema: {
        tags: ['admin'],
        security: [{ admin: [] }],
        summary: 'Stored message-push events (openids masked)',
        querystring: AdminEventsQuery,
        response: { 200: AdminEventsReply, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => listPushEvents(app.db, request.query),
  );
};

export default events;
