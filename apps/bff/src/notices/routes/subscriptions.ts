import { ErrorBody, SubscriptionsBody, SubscriptionsReply } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const subscriptions: FastifyPluginAsyncTypebox<{ subscribeIds: readonly string[] }> = async (
  app,
  { subscribeIds },
) => {
  const known = new Set(subscribeIds);
  app.post(
    '/',
    {
      onRequest: app.requireShopper,
      schema: {
        tags: ['shopper'],
        summary: 'Record the accepts wx.requestSubscribeMessage returned (one send each)',
        description: 'Only the subscribe template ids this shop sends are recorded; others are ignored.',
        security: [{ shopper: [] }],
        body: SubscriptionsBody,
        response: { 200: SubscriptionsReply, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => ({
      recorded: await app.credentials.recordAccepts(
        request.shopper.openid,
        request.body.templateIds.filter((id) => known.has(id)),
      ),
    }),
  );
};

export default subscriptions;
