// WeChat Pay around an order: JSAPI prepay and signed requestPayment parameters, and the payment
// notification checked against the order before the order is marked paid (exactly once).

import type { IncomingHttpHeaders } from 'node:http';
import type { RequestPaymentParams } from '@checkout/shared';
import {
  type PayClient,
  type PayTransaction,
  WechatPayError,
  WechatPaySignatureError,
} from '@checkout/wechat';
import type { FastifyBaseLogger } from 'fastify';
import { PayUnavailable } from '../shop/errors.js';
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

export type NotificationResult =
  | { kind: 'paid'; order: OrderRow }
  | { kind: 'duplicate'; order: OrderRow }
  | { kind: 'ignored'; reason: string };

export class Payments {
  constructor(
    private readonly pay: PayClient,
    private readonly orders: Orders,
    private readonly settings: { appid: string; mchid: string; notifyUrl: string },
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The signed wx.requestPayment parameters for an unpaid order, prepaying when needed. */
  async requestPayment(order: OrderRow): Promise<{ order: OrderRow; payment: RequestPaymentParams }> {
    let current = order;
    const prepaidAt = current.prepaid_at ? new Date(current.prepaid_at).getTime() : 0;
    let prepayId = Date.now() - prepaidAt < PREPAY_REUSE_MS ? current.prepay_id : null;
    if (!prepayId) {
      try {
        ({ prepay_id: prepayId } = await this.pay.createJsapiPrepay({
          appid: this.settings.appid,
          description: current.description,
          out_trade_no: current.sn,
          notify_url: this.settings.notifyUrl,
          amount: { total: current.total_fen },
          payer: { openid: current.openid },
        }));
      } catch (error) {
        this.log.error({ err: error, sn: current.sn }, 'JSAPI prepay failed');
        throw new PayUnavailable();
      }
      current = await this.orders.setPrepayId(current, prepayId);
    }
    const payment = this.pay.requestPaymentParams(this.settings.appid, prepayId);
    return { order: current, payment };
  }

  /** Verifies the exact bytes, decrypts, checks the transaction against the order, marks it paid. */
  async handleNotification(headers: IncomingHttpHeaders, body: Buffer): Promise<NotificationResult> {
    let transaction: PayTransaction;
    try {
      transaction = this.pay.verifyNotification({ headers, body });
    } catch (error) {
      if (error instanceof WechatPaySignatureError) {
        throw new NotificationRefused(401, `signature check failed: ${error.code}`);
      }
      if (error instanceof WechatPayError) throw new NotificationRefused(400, error.message);
      throw error;
    }
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
      // A second payment of one order: retrying cannot fix it; a person must refund it.
      this.log.error({ sn: order.sn }, 'order paid twice by different transactions; refund needed');
    }
    return result.kind === 'paid' ? result : { kind: 'duplicate', order: result.order };
  }
}
