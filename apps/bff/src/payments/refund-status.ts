// An order's status once refunds are involved. Pure, so the rules are tested as a table.

import type { OrderStatusValue, RefundStatusValue } from '../db/order-tables.js';

/** Orders that took money and may give some back. */
export const REFUNDABLE_STATUSES: readonly OrderStatusValue[] = [
  'paid',
  'shipped',
  'refunding',
  'partially_refunded',
];

/** Refunds that hold part of the paid total: done, or on their way. */
export const COUNTED_REFUND_STATUSES: readonly RefundStatusValue[] = ['requested', 'processing', 'succeeded'];

export function orderStatusAfterRefunds(order: {
  totalFen: number;
  refundedFen: number;
  /** A refund asked for and not settled yet. */
  pending: boolean;
  shipped: boolean;
}): OrderStatusValue {
  if (order.refundedFen >= order.totalFen) return 'refunded';
  if (order.pending) return 'refunding';
  if (order.refundedFen > 0) return 'partially_refunded';
  return order.shipped ? 'shipped' : 'paid';
}
