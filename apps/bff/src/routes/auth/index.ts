import { ErrorBody, LoginBody, LoginReply } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const auth: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/login',
    {
      schema: {
        tags: ['shopper'],
        summary: 'Exchange a wx.login code for a session token',
        body: LoginBody,
        response: { 200: LoginReply, 400: ErrorBody, 501: ErrorBody },
      },
    },
    async (_request, reply) =>
      reply
        .status(501)
        .send({ statusCode: 501, error: 'Not Implemented', message: 'login lands with the orders feature' }),
  );
};

export default auth;
