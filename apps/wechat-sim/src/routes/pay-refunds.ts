// WeChat Pay v3 退款申请 (POST /v3/refund/domestic/refunds) and 查询单笔退款
// (GET /v3/refund/domestic/refunds/{out_refund_no}), with WeChat's error codes.

import type { FastifyInstance } from 'fastify';
import type { Sim } from '../sim.js';
import type { PayOrder } from '../state/pay-orders.js';
import { refundView } from '../state/refund-view.js';
import type { RefundRequest } from '../state/refunds.js';
import {
  admitPayRequest,
  isPayError,
  type PayError,
  parsePayBody,
  payError,
  sendPayError,
} from './pay-request.js';

const param = (message: string) => payError(400, 'PARAM_ERROR', message);
const isFen = (value: unknown) => Number.isInteger(value) && (value as number) > 0;

/** The paid order and the refund asked for, or the error WeChat Pay answers. */
function readRefund(
  sim: Sim,
  body: Record<string, unknown>,
): { order: PayOrder; request: RefundRequest } | PayError {
  const { out_refund_no: outRefundNo, reason, notify_url: notifyUrl } = body;
  if (typeof outRefundNo !== 'string' || !/^[A-Za-z0-9_\-|*@]{1,64}$/.test(outRefundNo)) {
    return param('out_refund_no must be 1-64 letters, digits or _-|*@');
  }
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > 80)) {
    return param('reason must be at most 80 characters');
  }
  if (notifyUrl !== undefined && (typeof notifyUrl !== 'string' || !/^https?:\/\/\S+$/.test(notifyUrl))) {
    return param('notify_url must be an absolute http(s) URL');
  }
  const amount = body.amount as { refund?: unknown; total?: unknown; currency?: unknown } | undefined;
  if (!amount || typeof amount !== 'object' || !isFen(amount.refund) || !isFen(amount.total)) {
    return param('amount.refund and amount.total must be integer numbers of fen greater than 0');
  }
  if (amount.currency !== 'CNY') return param('amount.currency must be CNY');
  if ((amount.refund as number) > (amount.total as number))
    return param('amount.refund exceeds amount.total');
  const { mchid } = sim.config.merchant;
  const order =
    typeof body.out_trade_no === 'string'
      ? sim.orders.byTradeNo(mchid, body.out_trade_no)
      : typeof body.transaction_id === 'string'
        ? sim.orders.byTransactionId(body.transaction_id)
        : undefined;
  if (body.out_trade_no === undefined && body.transaction_id === undefined) {
    return param('out_trade_no or transaction_id is required');
  }
  if (!order) return payError(404, 'RESOURCE_NOT_EXISTS', 'the order does not exist');
  if (order.state !== 'SUCCESS' && order.state !== 'REFUND') {
    return payError(400, 'INVALID_REQUEST', 'the order is not paid; only a paid order can be refunded');
  }
  const request: RefundRequest = {
    out_refund_no: outRefundNo,
    amount: { refund: amount.refund as number, total: amount.total as number },
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(typeof notifyUrl === 'string' ? { notify_url: notifyUrl } : {}),
  };
  return { order, request };
}

export async function refundRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.post('/v3/refund/domestic/refunds', async (request, reply) => {
    const refused = await admitPayRequest(sim, 'pay_refund', request);
    if (refused) return sendPayError(reply, refused);
    const body = parsePayBody(request.body);
    if (isPayError(body)) return sendPayError(reply, body);
    const asked = readRefund(sim, body);
    if (isPayError(asked)) return sendPayError(reply, asked);
    if (sim.payFaults.takeNotEnough()) {
      return sendPayError(
        reply,
        payError(403, 'NOT_ENOUGH', 'the merchant balance is not enough for this refund'),
      );
    }
    const result = sim.refunds.create(asked.order, asked.request, sim.clock.now());
    if (!result.ok) return sendPayError(reply, payError(400, result.code, result.message));
    if (result.created) sim.refundSettler.schedule(result.refund, sim.payFaults.takeRefundOutcome());
    return refundView(result.refund);
  });

  app.get<{ Params: { out_refund_no: string } }>(
    '/v3/refund/domestic/refunds/:out_refund_no',
    async (request, reply) => {
      const refused = await admitPayRequest(sim, 'pay_refund', request);
      if (refused) return sendPayError(reply, refused);
      const refund = sim.refunds.get(sim.config.merchant.mchid, request.params.out_refund_no);
      if (!refund) {
        return sendPayError(
          reply,
          payError(
            404,
            'RESOURCE_NOT_EXISTS',
            `out_refund_no ${request.params.out_refund_no} does not exist`,
          ),
        );
      }
      return refundView(refund);
    },
  );
}
