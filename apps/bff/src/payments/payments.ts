// WeChat Pay around an order: JSAPI prepay (with time_expire) and signed requestPayment parameters, and
// a paid transaction (from a notification or a reconciliation query) checked against the order before
// the order is marked paid (exactly once).

import type { IncomingHttpHeaders } from 'node:http';
import type { RequestPaymentParams } from '@checkout/shared';
import {
  type PayClient,
  type PayTransaction,
  WechatPayError,
  WechatPaySignatureError,
} from '@checkout/wechat';
import type { FastifyBaseLogger } from 'fastify';
import { OrderNotPayable, PayUnavailable } from '../shop/errors.js';
import type { OrderRow, Orders } from '../shop/orders.js';

/** WeChat keeps a prepay_id payable for 2 hours; re-prepay a little before that. */
const PREPAY_REUSE_MS = 110 * 60_000;

/** Why a notification was refused: WeChat Pay retries on any non-2xx. */
export class NotificationRefused extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 404 | 500,
    message: string,
  ) {
    super(message);
    this.name = 'NotificationRefused';
  }
}

/**
 * Why a notification that failed its check is refused: a bad signature 401; platform certificates that
 * could not be downloaded 500 (WeChat Pay tries again later); anything else WeChat Pay sent wrong 400.
 */
export function refusalOf(error: unknown): unknown {
  if (error instanceof WechatPaySignatureError) {
    return new NotificationRefused(401, `signature check failed: ${error.code}`);
  }
  if (error instanceof WechatPayError)
    return new NotificationRefused(error.retryable ? 500 : 400, error.message);
  return error;
}

export type NotificationResult =
  | { kind: 'paid'; order: OrderRow }
  | { kind: 'duplicate'; order: OrderRow }
  | { kind: 'ignored'; reason: string };

export interface PaymentSettings {
  appid: string;
  mchid: string;
  notifyUrl: string;
  /** The payment window sent as time_expire. */
  orderExpireMs: number;
  /** How long after a prepay the reconciliation worker first queries the order. */
  reconcileAfterMs: number;
}

/** RFC 3339 in China time, as WeChat Pay writes time_expire: `2026-06-08T10:34:56+08:00`. */
export function toChinaRfc3339(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

export class Payments {
  constructor(
    private readonly pay: PayClient,
    private readonly orders: Orders,
    private readonly settings: PaymentSettings,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The signed wx.requestPayment parameters for an unpaid order, prepaying when needed. */
  async requestPayment(order: OrderRow): Promise<{ order: OrderRow; payment: RequestPaymentParams }> {
    let current = order;
    const now = Date.now();
    // The window is fixed by the order's creation: every prepay (a retry after a lost answer, a re-prepay)
    // repeats the same time_expire, or WeChat Pay would call it another order (OUT_TRADE_NO_USED).
    const expiresAt = current.expires_at
      ? new Date(current.expires_at)
      : new Date(new Date(current.created_at).getTime() + this.settings.orderExpireMs);
    if (now >= expiresAt.getTime()) throw new OrderNotPayable(current.sn, 'past its payment window');
    const prepaidAt = current.prepaid_at ? new Date(current.prepaid_at).getTime() : 0;
    let prepayId = now - prepaidAt < PREPAY_REUSE_MS ? current.prepay_id : null;
    if (!prepayId) {
      try {
        ({ prepay_id: prepayId } = await this.pay.createJsapiPrepay({
          appid: this.settings.appid,
          description: current.description,
          out_trade_no: current.sn,
          notify_url: this.settings.notifyUrl,
          amount: { total: current.total_fen },
          payer: { openid: current.openid },
          time_expire: toChinaRfc3339(expiresAt),
        }));
      } catch (error) {
        // A forged or unsigned answer lands here too: its prepay_id never reaches the shopper.
        this.log.error({ err: error, sn: current.sn }, 'JSAPI prepay failed');
        throw new PayUnavailable();
      }
      current = await this.orders.setPrepayId(current, prepayId, {
        expiresAt,
        reconcileAt: new Date(now + this.settings.reconcileAfterMs),
      });
    }
    const payment = this.pay.requestPaymentParams(this.settings.appid, prepayId);
    return { order: current, payment };
  }

  /** Verifies the exact bytes, decrypts, checks the transaction against the order, marks it paid. */
  async handleNotification(headers: IncomingHttpHeaders, body: Buffer): Promise<NotificationResult> {
    let transaction: PayTransaction;
    try {
      transaction = await this.pay.verifyNotification({ headers, body });
    } catch (error) {
      throw refusalOf(error);
    }
    return this.settleTransaction(transaction);
  }

  /**
   * The one path from a WeChat Pay transaction to a paid order, for notifications and reconciliation
   * alike: appid, mchid, amount and payer checked, the order marked paid and its notice queued once.
   */
  async settleTransaction(transaction: PayTransaction): Promise<NotificationResult> {
    if (transaction.trade_state !== 'SUCCESS') {
      return { kind: 'ignored', reason: `trade_state ${transaction.trade_state}` };
    }
    if (transaction.appid !== this.settings.appid) throw new NotificationRefused(400, 'appid does not match');
    if (transaction.mchid !== this.settings.mchid) throw new NotificationRefused(400, 'mchid does not match');
    const order = await this.orders.find(transaction.out_trade_no);
    if (!order) throw new NotificationRefused(404, 'out_trade_no is not an order of this shop');
    if (transaction.amount.total !== order.total_fen) {
      this.log.warn({ sn: order.sn }, 'pay notification amount does not match the order');
      throw new NotificationRefused(400, 'amount.total does not match the order');
    }
    if (transaction.payer.openid !== order.openid) {
      throw new NotificationRefused(400, 'payer does not match the order');
    }
    const paidAt = transaction.success_time ? new Date(transaction.success_time) : new Date();
    const result = await this.orders.markPaid(
      order.sn,
      transaction.transaction_id,
      Number.isNaN(paidAt.getTime()) ? new Date() : paidAt,
    );
    if (!result) throw new NotificationRefused(404, 'out_trade_no is not an order of this shop');
    if (result.kind === 'already' && result.order.transaction_id !== transaction.transaction_id) {
      // A second payment, or a payment of an order closed meanwhile: retrying cannot fix it; refund it.
      this.log.error(
        { sn: order.sn, status: result.order.status },
        'payment of an order not unpaid; refund needed',
      );
    }
    return result.kind === 'paid' ? result : { kind: 'duplicate', order: result.order };
  }
}
