// Refunds as the BFF reports them (shopper and admin order views) and the admin refund route's body.

import { type Static, Type } from '@sinclair/typebox';

export const RefundStatus = Type.Union([
  Type.Literal('processing'),
  Type.Literal('succeeded'),
  Type.Literal('abnormal'),
  Type.Literal('closed'),
  Type.Literal('failed'),
]);
export type RefundStatus = Static<typeof RefundStatus>;

export const RefundView = Type.Object({
  outRefundNo: Type.String(),
  amountFen: Type.Integer({ minimum: 1, description: 'Money in fen (1/100 yuan)' }),
  reason: Type.Optional(Type.String()),
  status: RefundStatus,
  createdAt: Type.String({ format: 'date-time' }),
  succeededAt: Type.Optional(Type.String({ format: 'date-time' })),
});
export type RefundView = Static<typeof RefundView>;

export const CreateRefundBody = Type.Object(
  {
    amountFen: Type.Integer({
      minimum: 1,
      description: 'Fen to refund; all refunds together never exceed the paid total',
    }),
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 80, description: 'Shown to the shopper by WeChat' }),
    ),
  },
  { additionalProperties: false },
);
export type CreateRefundBody = Static<typeof CreateRefundBody>;

export const RefundHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 8,
    maxLength: 64,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'One key per refund the merchant means: a repeated request with it refunds once',
  }),
});
export type RefundHeaders = Static<typeof RefundHeaders>;
