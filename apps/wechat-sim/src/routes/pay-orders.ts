// WeChat Pay v3 查询订单 (GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=) and
// 关闭订单 (POST .../{out_trade_no}/close, 204): ORDER_NOT_EXIST for an order never prepaid.

import type { FastifyInstance } from 'fastify';
import { transactionView } from '../state/transaction-view.js';
import { admitPayRequest, isPayError, parsePayBody, payError, sendPayError } from './pay-request.js';

interface TradeNoParams {
  out_trade_no: string;
}

const notFound = (sn: string) => payError(404, 'ORDER_NOT_EXIST', `out_trade_no ${sn} does not exist`);

export async function orderRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;
  const { mchid } = sim.config.merchant;

  app.get<{ Params: TradeNoParams; Querystring: { mchid?: string } }>(
    '/v3/pay/transactions/out-trade-no/:out_trade_no',
    async (request, reply) => {
      const refused = await admitPayRequest(sim, 'pay_query', request);
      if (refused) return sendPayError(reply, refused);
      if (request.query.mchid !== mchid) {
        return sendPayError(
          reply,
          payError(400, 'PARAM_ERROR', 'mchid must be the merchant that signed the request'),
        );
      }
      const order = sim.orders.byTradeNo(mchid, request.params.out_trade_no);
      if (!order) return sendPayError(reply, notFound(request.params.out_trade_no));
      return transactionView(order);
    },
  );

  app.post<{ Params: TradeNoParams }>(
    '/v3/pay/transactions/out-trade-no/:out_trade_no/close',
    async (request, reply) => {
      const refused = await admitPayRequest(sim, 'pay_close', request);
      if (refused) return sendPayError(reply, refused);
      const body = parsePayBody(request.body);
      if (isPayError(body)) return sendPayError(reply, body);
      if (body.mchid !== mchid) {
        return sendPayError(
          reply,
          payError(400, 'PARAM_ERROR', 'mchid must be the merchant that signed the request'),
        );
      }
      const { out_trade_no: sn } = request.params;
      const order = sim.orders.byTradeNo(mchid, sn);
      if (!order) return sendPayError(reply, notFound(sn));
      if (sim.orders.close(order) === 'ORDERPAID') {
        return sendPayError(
          reply,
          payError(403, 'ORDERPAID', `out_trade_no ${sn} is paid and cannot be closed`),
        );
      }
      return reply.code(204).send();
    },
  );
}
