// A refund as WeChat Pay's refund and refund-query answers show it.

import { toChinaRfc3339 } from '../clock.js';
import type { SimRefund } from './refunds.js';

export function refundView(refund: SimRefund): Record<string, unknown> {
  const { order, request } = refund;
  const { total, refund: amount } = request.amount;
  return {
    refund_id: refund.refundId,
    out_refund_no: request.out_refund_no,
    transaction_id: order.transactionId,
    out_trade_no: order.request.out_trade_no,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successAt === undefined ? {} : { success_time: toChinaRfc3339(refund.successAt) }),
    create_time: toChinaRfc3339(refund.createdAt),
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total,
      refund: amount,
      payer_total: total,
      payer_refund: amount,
      settlement_total: total,
      settlement_refund: amount,
      discount_refund: 0,
      currency: 'CNY',
    },
  };
}
