// Refunds of paid orders: asked once per Idempotency-Key, sent to WeChat Pay with a stable out_refund_no
// (a retry, even from another instance, is the same refund there), settled by the answer or the
// REFUND.* notification.

import type { IncomingHttpHeaders } from 'node:http';
import { type PayClient, type RefundNotice, WechatPayError, WechatPaySignatureError } from '@checkout/wechat';
import type { FastifyBaseLogger } from 'fastify';
import type { RefundStatusValue } from '../db/order-tables.js';
import { OrderNotFound, PayUnavailable } from '../shop/errors.js';
import type { OrderRow } from '../shop/orders.js';
import { IdempotencyKeyReused, OrderNotRefundable, RefundExceedsPaid, RefundRefused } from './errors.js';
import { NotificationRefused, refusalOf } from './payments.js';
import type { RefundRepository, RefundRow } from './refund-repository.js';

/** WeChat Pay's refund states as ours. */
const SETTLED: Record<string, Exclude<RefundStatusValue, 'requested'>> = {
  SUCCESS: 'succeeded',
  PROCESSING: 'processing',
  ABNORMAL: 'abnormal',
  CLOSED: 'closed',
};

export interface RefundInput {
  sn: string;
  idempotencyKey: string;
  amountFen: number;
  reason?: string;
}

export class Refunds {
  constructor(
    private readonly pay: PayClient,
    readonly repository: RefundRepository,
    private readonly notifyUrl: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  async request(input: RefundInput): Promise<{ refund: RefundRow; order: OrderRow }> {
    const fingerprint = JSON.stringify({ amountFen: input.amountFen, reason: input.reason ?? null });
    const outcome = await this.repository.ask({ ...input, fingerprint });
    if (outcome.kind === 'not_found') throw new OrderNotFound(input.sn);
    if (outcome.kind === 'key_reused') throw new IdempotencyKeyReused(input.idempotencyKey);
    if (outcome.kind === 'not_refundable') throw new OrderNotRefundable(input.sn, outcome.status);
    if (outcome.kind === 'exceeds') throw new RefundExceedsPaid(input.sn, outcome.refundableFen);
    const { refund, order } = outcome;
    // Already at WeChat Pay (a double click, a retried request): answer with what we know.
    if (refund.status !== 'requested') return { refund, order };

    let settled: RefundRow | undefined;
    try {
      const answer = await this.pay.createRefund({
        out_trade_no: order.sn,
        out_refund_no: refund.out_refund_no,
        ...(refund.reason ? { reason: refund.reason } : {}),
        notify_url: this.notifyUrl,
        amount: { refund: refund.amount_fen, total: order.total_fen },
      });
      settled = await this.repository.settle(refund.out_refund_no, SETTLED[answer.status] ?? 'processing', {
        refundId: answer.refund_id,
        at: answer.success_time ? new Date(answer.success_time) : undefined,
      });
    } catch (error) {
      if (
        error instanceof WechatPayError &&
        !error.retryable &&
        !(error instanceof WechatPaySignatureError)
      ) {
        await this.repository.settle(refund.out_refund_no, 'failed', { error: error.code });
        throw new RefundRefused(error.code, error.message);
      }
      // Unknown outcome: the refund stays requested; the same Idempotency-Key asks again, safely.
      this.log.error({ err: error, sn: order.sn, outRefundNo: refund.out_refund_no }, 'refund call failed');
      throw new PayUnavailable();
    }
    return { refund: settled ?? refund, order: (await this.repository.orderOf(order.sn)) ?? order };
  }

  /** A REFUND.SUCCESS / ABNORMAL / CLOSED notification: verified, decrypted, applied once. */
  async handleNotification(headers: IncomingHttpHeaders, body: Buffer): Promise<RefundRow> {
    let notice: RefundNotice;
    try {
      notice = await this.pay.verifyRefundNotification({ headers, body });
    } catch (error) {
      throw refusalOf(error);
    }
    const status = SETTLED[notice.refund_status];
    if (!status) throw new NotificationRefused(400, `refund_status ${notice.refund_status} is unknown`);
    const settled = await this.repository.settle(notice.out_refund_no, status, {
      refundId: notice.refund_id,
      at: notice.success_time ? new Date(notice.success_time) : undefined,
    });
    if (!settled) throw new NotificationRefused(404, 'out_refund_no is not a refund of this shop');
    return settled;
  }
}
