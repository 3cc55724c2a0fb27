import { AdminCardRedemptionsQuery, AdminCardRedemptionsReply, ErrorBody } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listCardRedemptions } from '../queries/card-redemption-queries.js';

const cardRedemptions: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireAdmin);
  app.get(
    '/',
    {
      schema: {
        tags: ['admin'],
        security: [{ admin: [] }],
        summary: 'Coupon redemptions recorded from user_consume_card events',
        querystring: AdminCardRedemptionsQuery,
        response: { 200: AdminCardRedemptionsReply, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => listCardRedemptions(app.db, request.query),
  );
};

export default cardRedemptions;
