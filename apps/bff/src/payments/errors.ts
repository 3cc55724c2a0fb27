// Error codes of the refund routes; each 4xx names the problem.

import createError from '@fastify/error';

export const IdempotencyKeyReused = createError<'IDEMPOTENCY_KEY_REUSED', 409, [string]>(
  'IDEMPOTENCY_KEY_REUSED',
  'Idempotency-Key %s was used for another refund request (other order, amount or reason); use a new key',
  409,
);
export const OrderNotRefundable = createError<'ORDER_NOT_REFUNDABLE', 409, [string, string]>(
  'ORDER_NOT_REFUNDABLE',
  'order %s is %s; only a paid order can be refunded',
  409,
);
export const RefundExceedsPaid = createError<'REFUND_EXCEEDS_PAID', 409, [string, number]>(
  'REFUND_EXCEEDS_PAID',
  'body.amountFen is more than order %s has left to refund (%d fen)',
  409,
);
export const RefundRefused = createError<'REFUND_REFUSED', 409, [string, string]>(
  'REFUND_REFUSED',
  'WeChat Pay refused the refund: %s (%s)',
  409,
);
