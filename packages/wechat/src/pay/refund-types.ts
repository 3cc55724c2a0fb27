import { WechatPayError } from '../errors.js';

/** Refund states WeChat Pay reports; ABNORMAL needs the merchant to act (e.g. a closed bank card). */
export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface RefundRequest {
  /** One of the two identifies the payment. */
  out_trade_no?: string;
  transaction_id?: string;
  /** The merchant's refund number: a retry with the same one never refunds twice. */
  out_refund_no: string;
  reason?: string;
  notify_url?: string;
  /** Fen: this refund and the order's paid total. */
  amount: { refund: number; total: number; currency?: 'CNY' };
}

/** What `POST /v3/refund/domestic/refunds` and the refund query answer. */
export interface Refund {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  channel?: string;
  user_received_account?: string;
  success_time?: string;
  create_time?: string;
  status: RefundStatus | (string & {});
  amount: { total: number; refund: number; payer_total?: number; payer_refund?: number; currency?: string };
}

/** The decrypted resource of a REFUND.* notification. */
export interface RefundNotice {
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  refund_status: RefundStatus | (string & {});
  success_time?: string;
  user_received_account?: string;
  amount: { total: number; refund: number; payer_total?: number; payer_refund?: number };
}

function invalid(what: string, field: string): never {
  throw new WechatPayError(undefined, 'RESOURCE_INVALID', `${what} has no valid ${field}`);
}

function checkFields(what: string, value: unknown, fields: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return invalid(what, 'object');
  const record = value as Record<string, unknown>;
  for (const field of fields) if (typeof record[field] !== 'string') invalid(what, field);
  const amount = record.amount as { total?: unknown; refund?: unknown } | undefined;
  if (!Number.isInteger(amount?.total)) invalid(what, 'amount.total');
  if (!Number.isInteger(amount?.refund)) invalid(what, 'amount.refund');
  return record;
}

const IDS = ['out_trade_no', 'transaction_id', 'out_refund_no', 'refund_id'] as const;

export function asRefund(value: unknown): Refund {
  return checkFields('refund answer', value, [...IDS, 'status']) as unknown as Refund;
}

export function asRefundNotice(value: unknown): RefundNotice {
  return checkFields('refund resource', value, [...IDS, 'mchid', 'refund_status']) as unknown as RefundNotice;
}
