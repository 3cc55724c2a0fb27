// Delivers TRANSACTION.SUCCESS notifications to the order's notify_url and retries on WeChat's schedule.

import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { toChinaRfc3339, type VirtualClock } from '../clock.js';
import { encryptResource } from '../crypto/notify-resource.js';
import { signAsPlatform } from '../crypto/platform-signer.js';
import type { SimConfig } from '../options.js';
import type { Faults } from '../state/faults.js';
import type { PayOrder } from '../state/pay-orders.js';

/** Seconds WeChat Pay waits before each retry: 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h. */
export const NOTIFY_RETRY_DELAYS_S: readonly number[] = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

export interface NotifyAttempt {
  id: string;
  url: string;
  out_trade_no: string;
  transaction_id: string;
  attempt: number;
  /** HTTP status of the reply; 0 when there was none (timeout, refused connection, injected fault). */
  status: number;
  ok: boolean;
  error?: string;
  ms: number;
  /** ISO instant on the virtual clock. */
  at: string;
}

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
  ) {}

  /** Builds the notification for a paid order and starts delivering it. */
  notifyPaid(order: PayOrder): void {
    const { request } = order;
    const transaction = {
      mchid: request.mchid,
      appid: request.appid,
      out_trade_no: request.out_trade_no,
      transaction_id: order.transactionId,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      attach: request.attach ?? '',
      success_time: toChinaRfc3339(order.successAt ?? this.clock.now()),
      payer: { openid: request.payer.openid },
      amount: {
        total: request.amount.total,
        payer_total: request.amount.total,
        currency: request.amount.currency ?? 'CNY',
        payer_currency: request.amount.currency ?? 'CNY',
      },
    };
    const notification = {
      id: randomUUID(),
      create_time: toChinaRfc3339(this.clock.now()),
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: encryptResource(
        this.config.apiV3Key,
        JSON.stringify(transaction),
        'transaction',
        'transaction',
      ),
    };
    void this.attempt(order, notification.id, JSON.stringify(notification), 1);
  }

  list(): NotifyAttempt[] {
    return [...this.attempts];
  }

  private async attempt(order: PayOrder, id: string, body: string, attempt: number): Promise<void> {
    if (this.closed) return;
    const url = order.request.notify_url;
    const started = Date.now();
    const record = (status: number, ok: boolean, error?: string) => {
      this.attempts.push({
        id,
        url,
        out_trade_no: order.request.out_trade_no,
        transaction_id: order.transactionId ?? '',
        attempt,
        status,
        ok,
        ...(error ? { error } : {}),
        ms: Date.now() - started,
        at: new Date(this.clock.now()).toISOString(),
      });
      return ok;
    };
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
      { out_trade_no: order.request.out_trade_no, attempt },
      'pay notification not accepted; will retry',
    );
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.attempt(order, id, body, attempt + 1);
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
      const headers = signAsPlatform(this.config.platform, body, Math.floor(Date.now() / 1000));
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
