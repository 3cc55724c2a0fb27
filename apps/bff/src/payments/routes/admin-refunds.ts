// POST /admin/orders/:sn/refunds: a full or partial refund, once per Idempotency-Key.

import { CreateRefundBody, CreateRefundReply, ErrorBody, OrderParams, RefundHeaders } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const adminRefunds: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.post(
    '/:sn/refunds',
    {
      schema: {
        tags: ['admin'],
        summary: 'Refund part or all of a paid order (the same Idempotency-Key refunds once)',
        security: [{ admin: [] }],
        params: OrderParams,
        headers: RefundHeaders,
        body: CreateRefundBody,
        response: {
          200: CreateRefundReply,
          400: ErrorBody,
          401: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          502: ErrorBody,
        },
      },
    },
    async (request) => {
      const { refund, order } = await app.refunds.request({
        sn: request.params.sn,
        idempotencyKey: request.headers['idempotency-key'],
        amountFen: request.body.amountFen,
        reason: request.body.reason,
      });
      const [view] = await app.orders.present([order]);
      const refundView = view!.refunds!.find((r) => r.outRefundNo === refund.out_refund_no)!;
      return { order: view!, refund: refundView };
    },
  );
};

export default adminRefunds;
