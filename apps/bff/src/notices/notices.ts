// What the routes ask of notices: deliver this one promptly and tell me how it went.

import type { NoticeOutcome } from '@checkout/shared';
import type { PollingWorker } from '../core/workers/polling-worker.js';
import type { NoticeKindValue } from '../db/order-tables.js';
import type { OrderRow } from '../shop/orders.js';
import type { Credentials } from './credentials.js';
import type { NoticeOutbox } from './outbox.js';
import type { NoticeSender } from './sender.js';

export interface PromptDeliveryOptions {
  /** How long a request waits for its notice to settle before answering "pending". */
  outcomeWaitMs: number;
  /** How often it looks while another sender (worker, instance) holds the notice. */
  outcomePollMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Notices {
  constructor(
    readonly outbox: NoticeOutbox,
    private readonly sender: NoticeSender,
    readonly worker: PollingWorker,
    private readonly credentials: Credentials,
    private readonly options: PromptDeliveryOptions,
  ) {}

  /**
   * The app asks for the payment-success notice (after wx.requestPayment). Its formId becomes this
   * order's preferred credential; the notice is created if the payment notification has not done it.
   */
  async requestPaySuccess(order: OrderRow, formId: string | undefined): Promise<NoticeOutcome> {
    const stored =
      formId !== undefined && (await this.credentials.storeFormId(order.openid, formId, order.sn));
    await this.outbox.enqueue(order.sn, 'pay_success');
    // A notice that failed for want of a credential gets another round with the one just given.
    if (stored) await this.outbox.reopenFailed(order.sn, 'pay_success');
    return this.deliverPromptly(order.sn, 'pay_success');
  }

  /**
   * Delivers the notice inline if nobody holds it and it is due; otherwise waits (briefly) for whoever
   * holds it. Either way the answer is the notice's state in the database, the same for every caller.
   */
  async deliverPromptly(sn: string, kind: NoticeKindValue): Promise<NoticeOutcome> {
    const deadline = Date.now() + this.options.outcomeWaitMs;
    for (;;) {
      const claimed = await this.outbox.claimOne(sn, kind);
      if (claimed) await this.sender.deliver(claimed);
      const outcome = await this.outbox.outcome(sn, kind);
      if (!outcome) throw new Error(`notice ${kind} of ${sn} vanished`);
      if (outcome.status !== 'pending' || Date.now() >= deadline) return outcome;
      await sleep(Math.min(this.options.outcomePollMs, Math.max(0, deadline - Date.now())));
    }
  }
}
