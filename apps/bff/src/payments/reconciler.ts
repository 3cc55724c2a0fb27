// One reconciliation round: query each due unpaid order at WeChat Pay and act on the answer (paid through
// the notification's path, closed at WeChat and locally, or asked again later).

import { asPayTransaction, type PayClient, type PayOrderQuery, WechatPayError } from '@checkout/wechat';
import type { FastifyBaseLogger } from 'fastify';
import type { OrderRow } from '../shop/orders.js';
import type { Payments } from './payments.js';
import { nextReconcileStep, type QueryOutcome, reconcileDelayMs } from './reconcile-policy.js';
import type { ReconcileRepository } from './reconcile-repository.js';

export class Reconciler {
  constructor(
    private readonly pay: PayClient,
    private readonly payments: Payments,
    private readonly repository: ReconcileRepository,
    private readonly settings: { baseDelayMs: number; orderExpireMs: number },
    private readonly log: FastifyBaseLogger,
    /** Told when an order became paid here (wakes the notice worker). */
    private readonly onPaid: () => void,
  ) {}

  /** Claims and reconciles up to `limit` due orders; how many it took. */
  async round(limit: number): Promise<number> {
    const due = await this.repository.claimDue(limit);
    await Promise.all(due.map((order) => this.reconcile(order)));
    return due.length;
  }

  private async reconcile(order: OrderRow): Promise<void> {
    const { sn } = order;
    let answer: PayOrderQuery | undefined;
    let outcome: QueryOutcome;
    try {
      answer = await this.pay.queryOrder(sn);
      outcome = { kind: 'state', tradeState: answer.trade_state };
    } catch (error) {
      outcome = isPayCode(error, 'ORDER_NOT_EXIST') ? { kind: 'not_found' } : { kind: 'failed' };
      if (outcome.kind === 'failed') this.log.warn({ err: error, sn }, 'order query failed; will ask again');
    }
    const now = Date.now();
    const expiresAt = order.expires_at
      ? new Date(order.expires_at).getTime()
      : new Date(order.created_at).getTime() + this.settings.orderExpireMs;
    const clock = { now, expiresAt, rounds: order.reconcile_rounds, baseDelayMs: this.settings.baseDelayMs };
    const step = nextReconcileStep(outcome, clock);
    const retryLater = () =>
      this.repository.reschedule(sn, new Date(now + reconcileDelayMs(clock.rounds, clock.baseDelayMs)));

    switch (step.kind) {
      case 'retry':
        await this.repository.reschedule(sn, new Date(step.at));
        return;
      case 'settle':
        try {
          const result = await this.payments.settleTransaction(asPayTransaction(answer));
          await this.repository.finish(sn);
          if (result.kind === 'paid') {
            this.log.info({ sn }, 'order paid (found by reconciliation)');
            this.onPaid();
          }
        } catch (error) {
          // The transaction does not match the order: a person has to look; keep asking meanwhile.
          this.log.error({ err: error, sn }, 'paid transaction refused by the order checks');
          await retryLater();
        }
        return;
      case 'close':
        try {
          await this.pay.closeOrder(sn);
        } catch (error) {
          if (!isPayCode(error, 'ORDER_NOT_EXIST')) {
            // ORDERPAID: paid at the last moment; the next round finds it SUCCESS and settles it.
            const paidMeanwhile = isPayCode(error, 'ORDERPAID');
            this.log.warn({ err: error, sn }, 'closing the order at WeChat Pay failed');
            await (paidMeanwhile ? this.repository.reschedule(sn, new Date(now)) : retryLater());
            return;
          }
        }
        await this.closeLocally(sn);
        return;
      case 'close_locally':
        await this.closeLocally(sn);
    }
  }

  private async closeLocally(sn: string): Promise<void> {
    if (await this.repository.closeLocally(sn)) this.log.info({ sn }, 'unpaid order closed after its window');
  }
}

const isPayCode = (error: unknown, code: string) => error instanceof WechatPayError && error.code === code;
