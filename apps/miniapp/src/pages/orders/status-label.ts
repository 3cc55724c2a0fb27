import type { OrderStatus } from '@checkout/shared';

/** How the shopper reads an order's status. */
export const ORDER_STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  unpaid: '待支付',
  paid: '已支付',
  shipped: '已发货',
  closed: '已关闭',
  refunding: '退款中',
  partially_refunded: '部分退款',
  refunded: '已退款',
};
