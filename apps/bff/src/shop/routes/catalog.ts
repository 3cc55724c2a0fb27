import { CatalogReply } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const catalog: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['shopper'],
        summary: 'The demo catalog (prices in fen)',
        response: { 200: CatalogReply },
      },
    },
    async () => ({ items: await app.catalog.list() }),
  );
};

export default catalog;
