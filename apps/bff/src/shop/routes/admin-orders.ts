import {
  AdminOrdersQuery,
  AdminOrdersReply,
  ErrorBody,
  OrderParams,
  ShipBody,
  ShipReply,
} from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OrderAlreadyShipped, OrderNotFound, OrderNotShippable } from '../errors.js';

const security = [{ admin: [] }];

/** `oAbcdefgh...wxyz` -> `oAbc****wxyz`: enough to tell shoppers apart, not to identify one. */
export function maskOpenid(openid: string): string {
  return openid.length <= 8 ? '****' : `${openid.slice(0, 4)}****${openid.slice(-4)}`;
}

const adminOrders: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/',
    {
      schema: {
        tags: ['admin'],
        summary: 'Orders, newest first',
        security,
        querystring: AdminOrdersQuery,
        response: { 200: AdminOrdersReply, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const { orders: rows, total } = await app.orders.adminList(request.query);
      const views = await app.orders.present(rows);
      return {
        total,
        orders: views.map((view, i) => ({ ...view, openidMasked: maskOpenid(rows[i]!.openid) })),
      };
    },
  );

  app.post(
    '/:sn/ship',
    {
      schema: {
        tags: ['admin'],
        summary: 'Mark a paid order shipped and send the shipped notice (its prepay_id first)',
        security,
        params: OrderParams,
        body: ShipBody,
        response: { 200: ShipReply, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const { sn } = request.params;
      const { carrier, trackingNo } = request.body;
      let order = await app.orders.ship(sn, carrier, trackingNo);
      if (!order) {
        const existing = await app.orders.find(sn);
        if (!existing) throw new OrderNotFound(sn);
        // Asking again for the same shipment is harmless and answers its notice; another one is a conflict.
        if (existing.status !== 'shipped') throw new OrderNotShippable(sn, existing.status);
        if (existing.tracking_no !== trackingNo)
          throw new OrderAlreadyShipped(sn, existing.tracking_no ?? '');
        order = existing;
      }
      const notice = await app.notices.deliverPromptly(sn, 'shipped');
      const [view] = await app.orders.present([order]);
      return { order: view!, notice };
    },
  );
};

export default adminOrders;
