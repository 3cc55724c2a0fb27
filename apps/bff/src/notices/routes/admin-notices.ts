import { AdminNoticesQuery, AdminNoticesReply, ErrorBody } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const adminNotices: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'The notice log: every send attempt, newest first',
        security: [{ admin: [] }],
        querystring: AdminNoticesQuery,
        response: { 200: AdminNoticesReply, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => app.outbox.attempts.log(request.query),
  );
};

export default adminNotices;
