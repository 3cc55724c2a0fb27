// Bodies and replies of the BFF's shopper and admin routes. The BFF validates with these schemas and
// the mini-program / console type their calls with the Static<> types.

import { type Static, Type } from '@sinclair/typebox';
import { RefundView } from './refunds.js';
import { Text } from './text.js';

export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String({ description: 'HTTP reason phrase' }),
    message: Type.String({ description: 'What was wrong, naming the field or resource' }),
    code: Type.Optional(Type.String({ description: 'Stable machine-readable code, e.g. ORDER_NOT_FOUND' })),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

const Sn = Type.String({ pattern: '^[A-Za-z0-9_-]{6,32}$', description: 'Order number (out_trade_no)' });
const Instant = Type.String({ format: 'date-time' });
const Fen = Type.Integer({ minimum: 0, description: 'Money in fen (1/100 yuan)' });

export const Paging = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

// ---- auth ----
export const LoginBody = Type.Object(
  { code: Text({ minLength: 1, maxLength: 128, description: 'The code from wx.login' }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;
export const LoginReply = Type.Object({
  token: Type.String({ description: 'Session token for the Authorization: Bearer header' }),
  expiresAt: Instant,
});
export type LoginReply = Static<typeof LoginReply>;

// ---- catalog ----
export const CatalogItem = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  priceFen: Fen,
  image: Type.Optional(Type.String()),
});
export type CatalogItem = Static<typeof CatalogItem>;
export const CatalogReply = Type.Object({ items: Type.Array(CatalogItem) });
export type CatalogReply = Static<typeof CatalogReply>;

// ---- orders ----
export const OrderStatus = Type.Union([
  Type.Literal('unpaid'),
  Type.Literal('paid'),
  Type.Literal('shipped'),
  Type.Literal('closed'),
  Type.Literal('refunding'),
  Type.Literal('partially_refunded'),
  Type.Literal('refunded'),
]);
export type OrderStatus = Static<typeof OrderStatus>;

export const NoticeKindSchema = Type.Union([Type.Literal('pay_success'), Type.Literal('shipped')]);
export const NoticeChannelSchema = Type.Union([Type.Literal('subscribe'), Type.Literal('template')]);
export const NoticeStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
]);
export type NoticeStatus = Static<typeof NoticeStatus>;

export const NoticeOutcome = Type.Object({
  sn: Sn,
  kind: NoticeKindSchema,
  status: NoticeStatus,
  channel: Type.Optional(NoticeChannelSchema),
  errcode: Type.Optional(Type.Integer()),
  errmsg: Type.Optional(Type.String()),
});
export type NoticeOutcome = Static<typeof NoticeOutcome>;

export const OrderLine = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  priceFen: Fen,
  quantity: Type.Integer({ minimum: 1 }),
});
export type OrderLine = Static<typeof OrderLine>;

export const Order = Type.Object({
  sn: Sn,
  status: OrderStatus,
  lines: Type.Array(OrderLine),
  totalFen: Fen,
  createdAt: Instant,
  paidAt: Type.Optional(Instant),
  shippedAt: Type.Optional(Instant),
  carrier: Type.Optional(Type.String()),
  trackingNo: Type.Optional(Type.String()),
  notices: Type.Array(NoticeOutcome),
  /** Sum of succeeded refunds, and every refund asked for, oldest first. */
  refundedFen: Type.Optional(Fen),
  refunds: Type.Optional(Type.Array(RefundView)),
});
export type Order = Static<typeof Order>;

export const CreateOrderBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          sku: Text({ minLength: 1, maxLength: 64 }),
          quantity: Type.Integer({ minimum: 1, maximum: 99 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
    formId: Type.Optional(Text({ maxLength: 128, description: 'From the <Form reportSubmit> submit' })),
  },
  { additionalProperties: false },
);
export type CreateOrderBody = Static<typeof CreateOrderBody>;

/** What wx.requestPayment takes, signed by the BFF (Pay v3 JSAPI). */
export const RequestPaymentParams = Type.Object({
  timeStamp: Type.String(),
  nonceStr: Type.String(),
  package: Type.String({ description: 'prepay_id=...' }),
  signType: Type.Literal('RSA'),
  paySign: Type.String(),
});
export type RequestPaymentParams = Static<typeof RequestPaymentParams>;

export const CreateOrderReply = Type.Object({ order: Order, payment: RequestPaymentParams });
export type CreateOrderReply = Static<typeof CreateOrderReply>;

export const OrderParams = Type.Object({ sn: Sn });
export type OrderParams = Static<typeof OrderParams>;
export const OrderListReply = Type.Object({ orders: Type.Array(Order) });
export type OrderListReply = Static<typeof OrderListReply>;

// ---- notices from the app ----
/** The original client posts this form-encoded; JSON is accepted too. */
export const SendPaySuccessBody = Type.Object({
  sn: Sn,
  form_id: Type.Optional(Text({ maxLength: 128 })),
});
export type SendPaySuccessBody = Static<typeof SendPaySuccessBody>;

export const FormIdsBody = Type.Object(
  { formIds: Type.Array(Text({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);
export type FormIdsBody = Static<typeof FormIdsBody>;
export const FormIdsReply = Type.Object({
  stored: Type.Integer({ description: 'New formIds kept for later notices' }),
  ignored: Type.Integer({ description: 'Mock or already known formIds' }),
});
export type FormIdsReply = Static<typeof FormIdsReply>;

export const SubscriptionsBody = Type.Object(
  {
    templateIds: Type.Array(Text({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: 10 }),
  },
  { additionalProperties: false },
);
export type SubscriptionsBody = Static<typeof SubscriptionsBody>;
export const SubscriptionsReply = Type.Object({ recorded: Type.Integer() });
export type SubscriptionsReply = Static<typeof SubscriptionsReply>;

// ---- admin ----
export const ShipBody = Type.Object(
  {
    carrier: Text({ minLength: 1, maxLength: 32 }),
    trackingNo: Type.String({ pattern: '^[A-Za-z0-9-]{4,32}$' }),
  },
  { additionalProperties: false },
);
export type ShipBody = Static<typeof ShipBody>;
export const ShipReply = Type.Object({ order: Order, notice: NoticeOutcome });
export type ShipReply = Static<typeof ShipReply>;

export const AdminOrdersQuery = Type.Composite([
  Paging,
  Type.Object({
    status: Type.Optional(OrderStatus),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
  }),
]);
export type AdminOrdersQuery = Static<typeof AdminOrdersQuery>;
export const AdminOrder = Type.Composite([Order, Type.Object({ openidMasked: Type.String() })]);
export type AdminOrder = Static<typeof AdminOrder>;
export const CreateRefundReply = Type.Object({ order: Order, refund: RefundView });
export type CreateRefundReply = Static<typeof CreateRefundReply>;
export const AdminOrdersReply = Type.Object({ orders: Type.Array(AdminOrder), total: Type.Integer() });
export type AdminOrdersReply = Static<typeof AdminOrdersReply>;

export const CredentialKind = Type.Union([
  Type.Literal('form_id'),
  Type.Literal('prepay_id'),
  Type.Literal('subscription'),
]);
export const NoticeLogEntry = Type.Object({
  id: Type.Integer(),
  sn: Sn,
  kind: NoticeKindSchema,
  channel: NoticeChannelSchema,
  credentialKind: Type.Optional(CredentialKind),
  attempt: Type.Integer(),
  errcode: Type.Optional(Type.Integer()),
  errmsg: Type.Optional(Type.String()),
  at: Instant,
});
export type NoticeLogEntry = Static<typeof NoticeLogEntry>;
export const AdminNoticesQuery = Type.Composite([
  Paging,
  Type.Object({ sn: Type.Optional(Sn), kind: Type.Optional(NoticeKindSchema) }),
]);
export type AdminNoticesQuery = Static<typeof AdminNoticesQuery>;
export const AdminNoticesReply = Type.Object({ notices: Type.Array(NoticeLogEntry), total: Type.Integer() });
export type AdminNoticesReply = Static<typeof AdminNoticesReply>;

// ---- health ----
export const HealthReply = Type.Object({ status: Type.Literal('ok') });
export const ReadyReply = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.String(),
});
