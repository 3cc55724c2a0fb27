import {
  AdminCardRedemptionsDailyQuery,
  AdminCardRedemptionsDailyReply,
  AdminCardRedemptionsQuery,
  AdminCardRedemptionsReply,
  ErrorBody,
} from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { countCardRedemptionsPerDay } from '../queries/card-redemption-days.js';
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
  app.get(
    '/daily',
    {
      schema: {
        tags: ['admin'],
        security: [{ admin: [] }],
        summary: 'Coupon redemptions per calendar day of a time zone, every day of the range included',
        querystring: AdminCardRedemptionsDailyQuery,
        response: { 200: AdminCardRedemptionsDailyReply, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => countCardRedemptionsPerDay(app.db, request.query),
  );
};

export default cardRedemptions;
