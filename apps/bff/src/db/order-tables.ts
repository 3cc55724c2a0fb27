// Tables of the orders and notices feature. Money is integer fen; times are timestamptz.

import type { ColumnType, Generated } from 'kysely';

export type OrderStatusValue =
  | 'unpaid'
  | 'paid'
  | 'shipped'
  | 'closed'
  | 'refunding'
  | 'partially_refunded'
  | 'refunded';
export type RefundStatusValue = 'requested' | 'processing' | 'succeeded' | 'abnormal' | 'closed' | 'failed';
export type NoticeKindValue = 'pay_success' | 'shipped';
export type NoticeChannelValue = 'subscribe' | 'template';
export type NoticeStatusValue = 'pending' | 'sending' | 'sent' | 'failed';
export type CredentialKindValue = 'form_id' | 'prepay_id' | 'subscription';

export interface OrderLineRow {
  sku: string;
  name: string;
  priceFen: number;
  quantity: number;
}

/** One platform certificate as the BFF keeps it (times in epoch milliseconds). */
export interface PlatformCertificateRow {
  serial: string;
  certificatePem: string;
  effectiveAt: number;
  expiresAt: number;
}

export interface OrderTables {
  /**
   * WeChat Pay platform certificates last downloaded from /v3/certificates, per merchant, so every
   * instance verifies with the set one of them fetched (certificate mode).
   */
  wechatpay_certificates: {
    mchid: string;
    /** jsonb: written as a JSON string */
    certificates: ColumnType<PlatformCertificateRow[], string, string>;
    fetched_at: Date;
  };

  /** The demo shop's catalog; prices are read from here only, never from the client. */
  catalog_items: {
    sku: string;
    name: string;
    price_fen: number;
    image: string | null;
    position: number;
    active: Generated<boolean>;
  };

  orders: {
    /** out_trade_no */
    sn: string;
    openid: string;
    status: OrderStatusValue;
    /** jsonb: written as a JSON string (pg would turn a JS array into a SQL array) */
    lines: ColumnType<OrderLineRow[], string, never>;
    total_fen: number;
    description: string;
    prepay_id: string | null;
    prepaid_at: Date | null;
    transaction_id: string | null;
    paid_at: Date | null;
    shipped_at: Date | null;
    carrier: string | null;
    tracking_no: string | null;
    created_at: Generated<Date>;
    /** time_expire sent to WeChat Pay: after it the order can no longer be paid and is closed. */
    expires_at: Date | null;
    /** Sum of succeeded refunds. */
    refunded_fen: Generated<number>;
    /** When the reconciliation worker next queries this unpaid order at WeChat Pay (null: not scheduled). */
    reconcile_at: Date | null;
    reconcile_rounds: Generated<number>;
    reconcile_owner: string | null;
    reconcile_lease_until: Date | null;
  };

  /** Refunds asked for in the console: one per Idempotency-Key, out_refund_no sent to WeChat Pay. */
  refunds: {
    id: Generated<number>;
    order_sn: string;
    out_refund_no: string;
    idempotency_key: string;
    /** amount + reason as asked: the same key with another body is refused. */
    request_fingerprint: string;
    amount_fen: number;
    reason: string | null;
    status: RefundStatusValue;
    refund_id: string | null;
    error: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    succeeded_at: Date | null;
  };

  /**
   * What lets the BFF send a notice to a shopper: a formId (1 use), a prepay_id (3 uses, only after
   * payment) or a subscribe accept (1 use per accept, value = subscribe template id). Uses are taken
   * with `uses_left = uses_left - 1 ... RETURNING`, so two senders never spend the same use.
   */
  notice_credentials: {
    id: Generated<number>;
    openid: string;
    kind: CredentialKindValue;
    value: string;
    order_sn: string | null;
    uses_left: number;
    /** false for a prepay_id until its order is paid */
    usable: boolean;
    expires_at: Date | null;
    retired_at: Date | null;
    retired_errcode: number | null;
    created_at: Generated<Date>;
  };

  /** One row per (order, kind): the outbox the worker delivers from, and the outcome the API reports. */
  notices: {
    id: Generated<number>;
    order_sn: string;
    kind: NoticeKindValue;
    status: NoticeStatusValue;
    /** Rounds that ended in a transient failure. */
    rounds: Generated<number>;
    next_attempt_at: Generated<Date>;
    /** Who holds the row while sending, and until when (a crashed holder's lease runs out). */
    lease_owner: string | null;
    lease_until: Date | null;
    /**
     * The credential the current send uses, set with the use it takes before WeChat is called and cleared
     * when the outcome is recorded; still set after a crash, so the taker resends with the same one.
     */
    inflight_credential_id: number | null;
    inflight_channel: NoticeChannelValue | null;
    channel: NoticeChannelValue | null;
    credential_kind: CredentialKindValue | null;
    errcode: number | null;
    errmsg: string | null;
    sent_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };

  /** Every send attempt, successful or not. */
  notice_log: {
    id: Generated<number>;
    notice_id: number;
    order_sn: string;
    kind: NoticeKindValue;
    channel: NoticeChannelValue;
    credential_kind: CredentialKindValue | null;
    credential_id: number | null;
    attempt: number;
    errcode: number | null;
    errmsg: string | null;
    at: Generated<Date>;
  };
}
