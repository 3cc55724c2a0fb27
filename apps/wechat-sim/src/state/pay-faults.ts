// WeChat Pay misbehaviour a test can ask for: unsigned or forged answers, notifications that never
// arrive, refunds that end ABNORMAL or CLOSED, a merchant balance too low to refund.

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { RefundStatus } from './refunds.js';

export type AnswerFault = 'strip' | 'forge';
export type NotificationFault = 'drop';
export type RefundOutcome = Exclude<RefundStatus, 'PROCESSING'>;

export interface PayFaultSpec {
  answers?: AnswerFault;
  notifications?: NotificationFault;
  refundOutcome?: RefundOutcome;
  refundNotEnough?: boolean;
  count: number;
}

type Queue<T> = { value: T; remaining: number }[];

function take<T>(queue: Queue<T>): T | undefined {
  const head = queue[0];
  if (!head) return undefined;
  head.remaining--;
  if (head.remaining <= 0) queue.shift();
  return head.value;
}

export class PayFaults {
  private readonly answers: Queue<AnswerFault> = [];
  private readonly notifications: Queue<NotificationFault> = [];
  private readonly refundOutcomes: Queue<RefundOutcome> = [];
  private readonly notEnough: Queue<true> = [];
  private forgeryKey: KeyObject | undefined;

  add(spec: PayFaultSpec): void {
    const push = <T>(queue: Queue<T>, value: T | undefined) => {
      if (value !== undefined) queue.push({ value, remaining: spec.count });
    };
    push(this.answers, spec.answers);
    push(this.notifications, spec.notifications);
    push(this.refundOutcomes, spec.refundOutcome);
    push(this.notEnough, spec.refundNotEnough ? true : undefined);
  }

  /** For the next Pay answer: sign it normally (undefined), leave it unsigned, or sign with a wrong key. */
  takeAnswerFault(): AnswerFault | undefined {
    return take(this.answers);
  }

  takeNotificationFault(): NotificationFault | undefined {
    return take(this.notifications);
  }

  takeRefundOutcome(): RefundOutcome {
    return take(this.refundOutcomes) ?? 'SUCCESS';
  }

  takeNotEnough(): boolean {
    return take(this.notEnough) === true;
  }

  /** A key that is not the platform's, made once: a forged answer is signed with it. */
  forgery(): KeyObject {
    this.forgeryKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    return this.forgeryKey;
  }

  pending() {
    const view = <T>(queue: Queue<T>) => queue.map(({ value, remaining }) => ({ value, remaining }));
    return {
      answers: view(this.answers),
      notifications: view(this.notifications),
      refundOutcomes: view(this.refundOutcomes),
      refundNotEnough: view(this.notEnough),
    };
  }

  clear(): void {
    for (const queue of [this.answers, this.notifications, this.refundOutcomes, this.notEnough])
      queue.length = 0;
  }
}
