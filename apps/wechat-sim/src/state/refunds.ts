// Refunds by out_refund_no, each against a paid order; what has been refunded never exceeds what was paid.

import { newRefundId } from '../ids.js';
import type { PayOrder } from './pay-orders.js';

export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

export interface RefundRequest {
  out_refund_no: string;
  reason?: string;
  notify_url?: string;
  amount: { refund: number; total: number };
}

export interface SimRefund {
  refundId: string;
  order: PayOrder;
  request: RefundRequest;
  status: RefundStatus;
  createdAt: number;
  successAt?: number;
}

export type RefundResult =
  | { ok: true; refund: SimRefund; created: boolean }
  | { ok: false; code: 'INVALID_REQUEST'; message: string };

export class Refunds {
  private readonly byOutRefundNo = new Map<string, SimRefund>();

  get(mchid: string, outRefundNo: string): SimRefund | undefined {
    return this.byOutRefundNo.get(`${mchid}\n${outRefundNo}`);
  }

  /** Every refund in creation order (what the merchant asked WeChat Pay to refund). */
  list(): SimRefund[] {
    return [...this.byOutRefundNo.values()];
  }

  // WeChat Pay v3 退款申请 (POST /v3/refund/domestic/refunds): a retried out_refund_no is
  // the same refund; the refunds of an order add up to at most its total.
  create(order: PayOrder, request: RefundRequest, now: number): RefundResult {
    const key = `${order.request.mchid}\n${request.out_refund_no}`;
    const existing = this.byOutRefundNo.get(key);
    if (existing) {
      const same = existing.order === order && existing.request.amount.refund === request.amount.refund;
      return same
        ? { ok: true, refund: existing, created: false }
        : { ok: false, code: 'INVALID_REQUEST', message: 'out_refund_no was used with different parameters' };
    }
    if (request.amount.total !== order.request.amount.total) {
      return { ok: false, code: 'INVALID_REQUEST', message: 'amount.total is not the order total' };
    }
    const refunded = this.list()
      .filter((r) => r.order === order && r.status !== 'CLOSED' && r.status !== 'ABNORMAL')
      .reduce((sum, r) => sum + r.request.amount.refund, 0);
    if (refunded + request.amount.refund > order.request.amount.total) {
      return {
        ok: false,
        code: 'INVALID_REQUEST',
        message: 'refund exceeds the refundable amount of the order',
      };
    }
    const refund: SimRefund = {
      refundId: newRefundId(),
      order,
      request,
      status: 'PROCESSING',
      createdAt: now,
    };
    this.byOutRefundNo.set(key, refund);
    return { ok: true, refund, created: true };
  }

  settle(refund: SimRefund, status: Exclude<RefundStatus, 'PROCESSING'>, now: number): void {
    refund.status = status;
    if (status === 'SUCCESS') {
      refund.successAt = now;
      refund.order.state = 'REFUND';
    }
  }

  clear(): void {
    this.byOutRefundNo.clear();
  }
}
