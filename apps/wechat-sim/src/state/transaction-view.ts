// An order as WeChat Pay shows it: in a TRANSACTION.SUCCESS notification and in an order query.

import { toChinaRfc3339 } from '../clock.js';
import type { PayOrder } from './pay-orders.js';

const TRADE_STATE_DESC: Record<PayOrder['state'], string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '订单发生过退款',
};

export function transactionView(order: PayOrder): Record<string, unknown> {
  const { request } = order;
  const currency = request.amount.currency ?? 'CNY';
  const common = {
    appid: request.appid,
    mchid: request.mchid,
    out_trade_no: request.out_trade_no,
    trade_state: order.state,
    trade_state_desc: TRADE_STATE_DESC[order.state],
    attach: request.attach ?? '',
  };
  if (order.transactionId === undefined) {
    return { ...common, amount: { total: request.amount.total, currency } };
  }
  return {
    ...common,
    transaction_id: order.transactionId,
    trade_type: 'JSAPI',
    bank_type: 'OTHERS',
    success_time: toChinaRfc3339(order.successAt ?? order.createdAt),
    payer: { openid: request.payer.openid },
    amount: {
      total: request.amount.total,
      payer_total: request.amount.total,
      currency,
      payer_currency: currency,
    },
  };
}
