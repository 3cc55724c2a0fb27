// Delivers TRANSACTION.SUCCESS and REFUND.* notifications to their notify_url, retrying on WeChat's schedule.

import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { toChinaRfc3339, type VirtualClock } from '../clock.js';
import { encryptResource } from '../crypto/notify-resource.js';
import { signAsPlatform } from '../crypto/platform-signer.js';
import type { SimConfig } from '../options.js';
import type { Faults } from '../state/faults.js';
import type { PayFaults } from '../state/pay-faults.js';
import type { PayOrder } from '../state/pay-orders.js';
import type { PlatformKeys } from '../state/platform-keys.js';
import type { SimRefund } from '../state/refunds.js';
import { transactionView } from '../state/transaction-view.js';

/** Seconds WeChat Pay waits before each retry: 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h. */
export const NOTIFY_RETRY_DELAYS_S: readonly number[] = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

export interface NotifyAttempt {
  id: string;
  event_type: string;
  url: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no?: string;
  attempt: number;
  /** HTTP status of the reply; 0 when there was none (timeout, refused connection, injected fault). */
  status: number;
  ok: boolean;
  error?: string;
  ms: number;
  /** ISO instant on the virtual clock. */
  at: string;
}

interface NotifyTarget {
  url: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no?: string;
}

interface Delivery extends NotifyTarget {
  id: string;
  eventType: string;
  body: string;
}

const REFUND_SUMMARY: Record<string, string> = {
  SUCCESS: '退款成功',
  ABNORMAL: '退款异常',
  CLOSED: '退款关闭',
};

export class PayNotifier {
  private readonly attempts: NotifyAttempt[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly config: SimConfig,
    private readonly clock: VirtualClock,
    private readonly faults: Faults,
    private readonly log: FastifyBaseLogger,
    private readonly payFaults: PayFaults,
    private readonly platformKeys: PlatformKeys,
  ) {}

  /** Builds the notification for a paid order and starts delivering it. */
  notifyPaid(order: PayOrder): void {
    const { request } = order;
    this.send(
      {
        url: request.notify_url,
        out_trade_no: request.out_trade_no,
        transaction_id: order.transactionId ?? '',
      },
      'TRANSACTION.SUCCESS',
      '支付成功',
      { type: 'transaction', plaintext: transactionView(order) },
    );
  }

  // WeChat Pay v3 退款结果通知: same envelope and AEAD_AES_256_GCM, associated_data and original_type "refund".
  notifyRefund(refund: SimRefund): void {
    const { order, request } = refund;
    if (!request.notify_url) return;
    const resource = {
      mchid: order.request.mchid,
      transaction_id: order.transactionId,
      out_trade_no: order.request.out_trade_no,
      refund_id: refund.refundId,
      out_refund_no: request.out_refund_no,
      refund_status: refund.status,
      ...(refund.successAt === undefined ? {} : { success_time: toChinaRfc3339(refund.successAt) }),
      user_received_account: '支付用户零钱',
      amount: {
        total: request.amount.total,
        refund: request.amount.refund,
        payer_total: request.amount.total,
        payer_refund: request.amount.refund,
      },
    };
    this.send(
      {
        url: request.notify_url,
        out_trade_no: order.request.out_trade_no,
        transaction_id: order.transactionId ?? '',
        out_refund_no: request.out_refund_no,
      },
      `REFUND.${refund.status}`,
      REFUND_SUMMARY[refund.status] ?? refund.status,
      { type: 'refund', plaintext: resource },
    );
  }

  private send(
    target: NotifyTarget,
    eventType: string,
    summary: string,
    resource: { type: string; plaintext: object },
  ): void {
    const notification = {
      id: randomUUID(),
      create_time: toChinaRfc3339(this.clock.now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: encryptResource(
        this.config.apiV3Key,
        JSON.stringify(resource.plaintext),
        resource.type,
        resource.type,
      ),
    };
    const delivery = { ...target, id: notification.id, eventType, body: JSON.stringify(notification) };
    if (this.payFaults.takeNotificationFault() === 'drop') {
      // Every attempt of this notification is lost on the way, as behind a proxy that eats callbacks.
      this.record(delivery, 1, Date.now(), 0, false, 'dropped by a /sim pay fault');
      return;
    }
    void this.attempt(delivery, 1);
  }

  list(): NotifyAttempt[] {
    return [...this.attempts];
  }

  private record(
    delivery: Delivery,
    attempt: number,
    started: number,
    status: number,
    ok: boolean,
    error?: string,
  ): boolean {
    this.attempts.push({
      id: delivery.id,
      event_type: delivery.eventType,
      url: delivery.url,
      out_trade_no: delivery.out_trade_no,
      transaction_id: delivery.transaction_id,
      ...(delivery.out_refund_no ? { out_refund_no: delivery.out_refund_no } : {}),
      attempt,
      status,
      ok,
      ...(error ? { error } : {}),
      ms: Date.now() - started,
      at: new Date(this.clock.now()).toISOString(),
    });
    return ok;
  }

  private async attempt(delivery: Delivery, attempt: number): Promise<void> {
    if (this.closed) return;
    const { url, body } = delivery;
    const started = Date.now();
    const record = (status: number, ok: boolean, error?: string) =>
      this.record(delivery, attempt, started, status, ok, error);
    const fault = this.faults.take('pay_notify');
    if (fault?.delayMs) await sleep(fault.delayMs);
    let ok: boolean;
    if (fault && (fault.status !== undefined || fault.errcode !== undefined)) {
      ok = record(fault.status ?? 0, false, 'injected fault: not delivered');
    } else {
      ok = await this.post(url, body).then(
        (status) => record(status, status >= 200 && status < 300),
        (error: Error) => record(0, false, error.name === 'TimeoutError' ? 'timeout' : error.message),
      );
    }
    const delayS = NOTIFY_RETRY_DELAYS_S[attempt - 1];
    if (ok || delayS === undefined || this.closed) return;
    this.log.info(
      { out_trade_no: delivery.out_trade_no, event_type: delivery.eventType, attempt },
      'pay notification not accepted; will retry',
    );
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.attempt(delivery, attempt + 1);
      },
      delayS * 1000 * this.config.timeScale,
    );
    this.timers.add(timer);
  }

  private async post(url: string, body: string): Promise<number> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(
      () => controller.abort(new DOMException('timeout', 'TimeoutError')),
      this.config.notifyTimeoutMs,
    );
    try {
      // Signed at send time with the real clock, as the receiver checks it against its own clock.
      const headers = signAsPlatform(this.platformKeys.signer(), body, Math.floor(Date.now() / 1000));
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/4.0', ...headers },
        body,
        signal: controller.signal,
      });
      await response.arrayBuffer();
      return response.status;
    } catch (error) {
      throw controller.signal.aborted && controller.signal.reason instanceof Error
        ? controller.signal.reason
        : error;
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
  }

  /** Forget the history and stop pending retries (used by /sim/reset). */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.attempts.length = 0;
  }

  close(): void {
    this.closed = true;
    this.reset();
    for (const controller of this.inFlight) controller.abort();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
