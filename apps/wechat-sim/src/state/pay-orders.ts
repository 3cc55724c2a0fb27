// JSAPI orders by out_trade_no and prepay_id, with payment state and the prepay_id's template quota.

import { newPrepayId, newTransactionId } from '../ids.js';

/** A prepay_id can be paid within 2 hours of the prepay call. */
export const PREPAY_PAYABLE_MS = 2 * 3600_000;
/** As a template-message credential a prepay_id lasts 7 days and serves 3 sends. */
export const PREPAY_TEMPLATE_TTL_MS = 7 * 86_400_000;
export const PREPAY_TEMPLATE_USES = 3;

export interface JsapiOrderRequest {
  appid: string;
  mchid: string;
  description: string;
  out_trade_no: string;
  notify_url: string;
  amount: { total: number; currency?: string };
  payer: { openid: string };
  attach?: string;
  time_expire?: string;
}

export interface PayOrder {
  prepayId: string;
  request: JsapiOrderRequest;
  /** Canonical form of the request, to tell a retry from a conflicting duplicate. */
  fingerprint: string;
  /** When the current prepay_id was issued; a re-prepay after PREPAY_PAYABLE_MS issues a new one. */
  createdAt: number;
  /** After this instant (time_expire, or 2 h after the first prepay) the order can no longer be paid. */
  expiresAt: number;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId?: string;
  successAt?: number;
  templateUsesLeft: number;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type PrepayResult =
  | { ok: true; order: PayOrder }
  | { ok: false; code: 'OUT_TRADE_NO_USED' | 'ORDERPAID' | 'ORDER_CLOSED' };

export class PayOrders {
  private readonly byTradeNoKey = new Map<string, PayOrder>();
  private readonly byPrepayId = new Map<string, PayOrder>();

  prepay(request: JsapiOrderRequest, now: number): PrepayResult {
    const fingerprint = canonical(request);
    const key = `${request.mchid}\n${request.out_trade_no}`;
    const existing = this.byTradeNoKey.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) return { ok: false, code: 'OUT_TRADE_NO_USED' };
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND')
        return { ok: false, code: 'ORDERPAID' };
      if (existing.state === 'CLOSED') return { ok: false, code: 'ORDER_CLOSED' };
      // A prepay_id stays payable for 2 hours; after that the same order gets a new one, the latest.
      if (now >= existing.createdAt + PREPAY_PAYABLE_MS) {
        existing.prepayId = newPrepayId(now);
        existing.createdAt = now;
        this.byPrepayId.set(existing.prepayId, existing);
      }
      return { ok: true, order: existing };
    }
    const timeExpire = request.time_expire === undefined ? Number.NaN : Date.parse(request.time_expire);
    const order: PayOrder = {
      prepayId: newPrepayId(now),
      request,
      fingerprint,
      createdAt: now,
      expiresAt: Number.isNaN(timeExpire) ? now + PREPAY_PAYABLE_MS : timeExpire,
      state: 'NOTPAY',
      templateUsesLeft: PREPAY_TEMPLATE_USES,
    };
    this.byTradeNoKey.set(key, order);
    this.byPrepayId.set(order.prepayId, order);
    return { ok: true, order };
  }

  byTradeNo(mchid: string, outTradeNo: string): PayOrder | undefined {
    return this.byTradeNoKey.get(`${mchid}\n${outTradeNo}`);
  }

  byTransactionId(transactionId: string): PayOrder | undefined {
    return [...this.byTradeNoKey.values()].find((order) => order.transactionId === transactionId);
  }

  byPrepay(prepayId: string): PayOrder | undefined {
    return this.byPrepayId.get(prepayId);
  }

  markPaid(order: PayOrder, now: number): void {
    order.state = 'SUCCESS';
    order.transactionId = newTransactionId();
    order.successAt = now;
  }

  /** Closing an unpaid order is final; closing it again changes nothing. */
  close(order: PayOrder): 'closed' | 'ORDERPAID' {
    if (order.state === 'SUCCESS' || order.state === 'REFUND') return 'ORDERPAID';
    order.state = 'CLOSED';
    return 'closed';
  }

  /** Use the prepay_id as a template form_id: 0, or the errcode WeChat answers. */
  consumeForTemplate(prepayId: string, appid: string, openid: string, now: number): 0 | 41028 | 41029 {
    const order = this.byPrepayId.get(prepayId);
    if (!order || order.request.appid !== appid || order.request.payer.openid !== openid) return 41028;
    // Unpaid prepay_ids are not a send credential yet.
    if (
      (order.state !== 'SUCCESS' && order.state !== 'REFUND') ||
      now >= order.createdAt + PREPAY_TEMPLATE_TTL_MS
    )
      return 41028;
    if (order.templateUsesLeft <= 0) return 41029;
    order.templateUsesLeft--;
    return 0;
  }

  clear(): void {
    this.byTradeNoKey.clear();
    this.byPrepayId.clear();
  }
}
