import {
  CreateOrderBody,
  CreateOrderReply,
  ErrorBody,
  Order,
  OrderListReply,
  OrderParams,
  RequestPaymentParams,
} from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OrderNotFound, OrderNotPayable } from '../errors.js';
import { toOrder } from '../orders.js';

const security = [{ shopper: [] }];

const orders: FastifyPluginAsyncTypebox<{ perMinute: number }> = async (app, { perMinute }) => {
  app.addHook('onRequest', app.requireShopper);

  app.post(
    '/',
    {
      // Keyed by the session token (falls back to the address): one shopper cannot flood prepay.
      config: {
        rateLimit: {
          max: perMinute,
          timeWindow: '1 minute',
          keyGenerator: (request) => request.headers.authorization ?? request.ip,
        },
      },
      schema: {
        tags: ['shopper'],
        summary: 'Create an order priced by the server, prepay it and get the requestPayment parameters',
        security,
        body: CreateOrderBody,
        response: { 200: CreateOrderReply, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody, 502: ErrorBody },
      },
    },
    async (request) => {
      const lines = await app.catalog.price(request.body.items);
      const created = await app.orders.create({
        openid: request.shopper.openid,
        lines,
        formId: request.body.formId,
      });
      const { order, payment } = await app.payments.requestPayment(created);
      // A new order has no notices or refunds yet: nothing to read back.
      return { order: toOrder(order, [], []), payment };
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['shopper'],
        summary: "The shopper's orders, newest first",
        security,
        response: { 200: OrderListReply, 401: ErrorBody },
      },
    },
    async (request) => ({
      orders: await app.orders.present(await app.orders.listForShopper(request.shopper.openid)),
    }),
  );

  app.get(
    '/:sn',
    {
      schema: {
        tags: ['shopper'],
        summary: 'One of the shopper’s orders (another shopper’s order is 404)',
        security,
        params: OrderParams,
        response: { 200: Order, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const order = await app.orders.findForShopper(request.params.sn, request.shopper.openid);
      if (!order) throw new OrderNotFound(request.params.sn);
      const [view] = await app.orders.present([order]);
      return view!;
    },
  );

  app.post(
    '/:sn/payment',
    {
      schema: {
        tags: ['shopper'],
        summary: 'Signed requestPayment parameters to pay an unpaid order again',
        security,
        params: OrderParams,
        response: {
          200: RequestPaymentParams,
          401: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          502: ErrorBody,
        },
      },
    },
    async (request) => {
      const order = await app.orders.findForShopper(request.params.sn, request.shopper.openid);
      if (!order) throw new OrderNotFound(request.params.sn);
      if (order.status !== 'unpaid') throw new OrderNotPayable(order.sn, order.status);
      return (await app.payments.requestPayment(order)).payment;
    },
  );
};

export default orders;
