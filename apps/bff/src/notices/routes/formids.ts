import { ErrorBody, FormIdsBody, FormIdsReply } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const formIds: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      onRequest: app.requireShopper,
      schema: {
        tags: ['shopper'],
        summary: 'Keep extra formIds (one use, 7 days) for later notices',
        description: 'The devtools mock formId and formIds already known are ignored.',
        security: [{ shopper: [] }],
        body: FormIdsBody,
        response: { 200: FormIdsReply, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      let stored = 0;
      for (const formId of new Set(request.body.formIds)) {
        if (await app.credentials.storeFormId(request.shopper.openid, formId)) stored++;
      }
      return { stored, ignored: request.body.formIds.length - stored };
    },
  );
};

export default formIds;
