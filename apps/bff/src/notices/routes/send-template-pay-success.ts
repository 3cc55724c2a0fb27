// POST /wx/sendTemplatePaySuccess: the app asks for the payment-success notice after requestPayment.
// The original client posts it form-encoded; JSON works too (@fastify/formbody is registered app-wide).

import { ErrorBody, NoticeOutcome, SendPaySuccessBody } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OrderClosed, OrderNotFound } from '../../shop/errors.js';

const sendTemplatePaySuccess: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/sendTemplatePaySuccess',
    {
      onRequest: app.requireShopper,
      schema: {
        tags: ['shopper'],
        summary: 'Send the payment-success notice of an order (once per order, whoever asks first)',
        description:
          'Delivers promptly and answers the outcome; if the payment notification already caused the ' +
          'notice, answers that same outcome. For an order whose payment has not arrived yet the notice ' +
          'waits for it (status pending).',
        security: [{ shopper: [] }],
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        body: SendPaySuccessBody,
        response: { 200: NoticeOutcome, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const order = await app.orders.findForShopper(request.body.sn, request.shopper.openid);
      if (!order) throw new OrderNotFound(request.body.sn);
      if (order.status === 'closed') throw new OrderClosed(order.sn);
      return app.notices.requestPaySuccess(order, request.body.form_id);
    },
  );
};

export default sendTemplatePaySuccess;
