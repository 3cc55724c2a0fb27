// Admin contracts of the message-push feature: stored events, triggers, trigger logs and card
// redemption records. Openids are masked in every list (the admin filters by the full openid).

import { type Static, Type } from '@sinclair/typebox';
import { Paging } from './api.js';
import { Text } from './text.js';

const Instant = Type.String({ format: 'date-time' });
const Id = Type.Integer({ minimum: 1 });
const Name = Text({ minLength: 1, maxLength: 64 });
const FieldValue = Text({ maxLength: 256 });

// ---- triggers ----
/** A trigger fires when every given part equals the event's (a missing part matches anything). */
export const TriggerCondition = Type.Object(
  {
    appid: Type.Optional(Name),
    msgType: Type.Optional(Text({ minLength: 1, maxLength: 64, description: 'MsgType, e.g. event' })),
    event: Type.Optional(Text({ minLength: 1, maxLength: 64, description: 'Event, e.g. user_consume_card' })),
    fields: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), FieldValue, {
        maxProperties: 16,
        additionalProperties: false,
        description: 'Field equality on the message, e.g. {"ConsumeSource": "FROM_API"}',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TriggerCondition = Static<typeof TriggerCondition>;

export const RecordCardRedemptionAction = Type.Object(
  { type: Type.Literal('record-card-redemption') },
  { additionalProperties: false },
);
export const ForwardAction = Type.Object(
  {
    type: Type.Literal('forward'),
    url: Text({ minLength: 8, maxLength: 2048, description: 'https URL on an allowed host' }),
    secret: Text({ minLength: 16, maxLength: 256, description: 'HMAC-SHA256 key; never returned' }),
  },
  { additionalProperties: false },
);
export const HandlerAction = Type.Object(
  { type: Type.Literal('handler'), name: Text({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export const TriggerAction = Type.Union([RecordCardRedemptionAction, ForwardAction, HandlerAction]);
export type TriggerAction = Static<typeof TriggerAction>;

/** An action as the admin API shows it: the forward secret is never sent back. */
export const TriggerActionView = Type.Union([
  RecordCardRedemptionAction,
  Type.Object({ type: Type.Literal('forward'), url: Type.String() }),
  HandlerAction,
]);
export type TriggerActionView = Static<typeof TriggerActionView>;

export const Trigger = Type.Object({
  id: Id,
  name: Name,
  enabled: Type.Boolean(),
  condition: TriggerCondition,
  action: TriggerActionView,
  maxAttempts: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Trigger = Static<typeof Trigger>;

const MaxAttempts = Type.Integer({ minimum: 1, maximum: 20, description: 'Attempts before a run fails' });

export const CreateTriggerBody = Type.Object(
  {
    name: Name,
    enabled: Type.Optional(Type.Boolean({ default: true })),
    condition: TriggerCondition,
    action: TriggerAction,
    maxAttempts: Type.Optional(MaxAttempts),
  },
  { additionalProperties: false },
);
export type CreateTriggerBody = Static<typeof CreateTriggerBody>;

export const UpdateTriggerBody = Type.Object(
  {
    name: Type.Optional(Name),
    enabled: Type.Optional(Type.Boolean()),
    condition: Type.Optional(TriggerCondition),
    action: Type.Optional(TriggerAction),
    maxAttempts: Type.Optional(MaxAttempts),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTriggerBody = Static<typeof UpdateTriggerBody>;

export const TriggerParams = Type.Object({ id: Id });
export type TriggerParams = Static<typeof TriggerParams>;
export const TriggerReply = Type.Object({ trigger: Trigger });
export type TriggerReply = Static<typeof TriggerReply>;
export const TriggersReply = Type.Object({ triggers: Type.Array(Trigger) });
export type TriggersReply = Static<typeof TriggersReply>;

// ---- events ----
export const AdminEventsQuery = Type.Composite([
  Paging,
  Type.Object({
    appid: Type.Optional(Name),
    type: Type.Optional(Text({ minLength: 1, maxLength: 64, description: 'MsgType' })),
    event: Type.Optional(Text({ minLength: 1, maxLength: 64 })),
    openid: Type.Optional(Text({ minLength: 1, maxLength: 128, description: 'Full openid' })),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
  }),
]);
export type AdminEventsQuery = Static<typeof AdminEventsQuery>;

export const PushEvent = Type.Object({
  id: Id,
  appid: Type.String(),
  msgType: Type.String(),
  event: Type.Optional(Type.String()),
  openidMasked: Type.Optional(Type.String()),
  createTime: Instant,
  receivedAt: Instant,
  duplicates: Type.Integer({ description: 'Deliveries of the same event after the first' }),
  payload: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The message as received (JSON form), openid fields masked',
  }),
});
export type PushEvent = Static<typeof PushEvent>;
export const AdminEventsReply = Type.Object({ events: Type.Array(PushEvent), total: Type.Integer() });
export type AdminEventsReply = Static<typeof AdminEventsReply>;

// ---- trigger logs ----
export const TriggerLogStatus = Type.Union([
  Type.Literal('succeeded'),
  Type.Literal('retrying'),
  Type.Literal('failed'),
]);
export type TriggerLogStatus = Static<typeof TriggerLogStatus>;

export const AdminTriggerLogsQuery = Type.Composite([
  Paging,
  Type.Object({
    triggerId: Type.Optional(Id),
    eventId: Type.Optional(Id),
    status: Type.Optional(TriggerLogStatus),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
  }),
]);
export type AdminTriggerLogsQuery = Static<typeof AdminTriggerLogsQuery>;

export const TriggerLogEntry = Type.Object({
  id: Id,
  runId: Id,
  triggerId: Id,
  triggerName: Type.String(),
  eventId: Id,
  attempt: Type.Integer(),
  status: TriggerLogStatus,
  durationMs: Type.Integer(),
  error: Type.Optional(Type.String()),
  at: Instant,
});
export type TriggerLogEntry = Static<typeof TriggerLogEntry>;
export const AdminTriggerLogsReply = Type.Object({
  logs: Type.Array(TriggerLogEntry),
  total: Type.Integer(),
});
export type AdminTriggerLogsReply = Static<typeof AdminTriggerLogsReply>;

// ---- card redemptions ----
export const AdminCardRedemptionsQuery = Type.Composite([
  Paging,
  Type.Object({
    cardId: Type.Optional(Text({ minLength: 1, maxLength: 64 })),
    code: Type.Optional(Text({ minLength: 1, maxLength: 64, description: 'UserCardCode' })),
    transId: Type.Optional(
      Text({ minLength: 1, maxLength: 64, description: 'TransId: the WeChat Pay transaction id' }),
    ),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
  }),
]);
export type AdminCardRedemptionsQuery = Static<typeof AdminCardRedemptionsQuery>;

export const CardRedemption = Type.Object({
  id: Id,
  eventId: Id,
  appid: Type.String(),
  cardId: Type.String(),
  userCardCode: Type.String(),
  consumeSource: Type.Optional(Type.String()),
  locationName: Type.Optional(Type.String()),
  staffOpenidMasked: Type.Optional(Type.String()),
  verifyCode: Type.Optional(Type.String()),
  remarkAmount: Type.Optional(Type.String()),
  outerStr: Type.Optional(Type.String()),
  /** Set for a redemption through payment: what the merchant reconciles with WeChat Pay by. */
  outTradeNo: Type.Optional(Type.String()),
  transId: Type.Optional(Type.String()),
  locationId: Type.Optional(Type.String({ description: 'LocationId: the store where the card was used' })),
  openidMasked: Type.String(),
  createTime: Instant,
});
export type CardRedemption = Static<typeof CardRedemption>;
export const AdminCardRedemptionsReply = Type.Object({
  redemptions: Type.Array(CardRedemption),
  total: Type.Integer(),
});
export type AdminCardRedemptionsReply = Static<typeof AdminCardRedemptionsReply>;
