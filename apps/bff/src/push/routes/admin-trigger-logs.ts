import { AdminTriggerLogsQuery, AdminTriggerLogsReply, ErrorBody } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listTriggerLogs } from '../queries/trigger-log-queries.js';

const triggerLogs: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireAdmin);
  app.get(
    '/',
    {
      schema: {
        tags: ['admin'],
        security: [{ admin: [] }],
        summary: 'Every attempt of every trigger run',
        querystring: AdminTriggerLogsQuery,
        response: { 200: AdminTriggerLogsReply, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => listTriggerLogs(app.db, request.query),
  );
};

export default triggerLogs;
