// What reconciliation does with an unpaid order after asking WeChat Pay about it. Pure: the worker only
// moves rows; this table of rules is unit-tested on its own.

/** What the order query told us. */
export type QueryOutcome = { kind: 'state'; tradeState: string } | { kind: 'not_found' } | { kind: 'failed' };

export type ReconcileStep =
  /** Paid at WeChat: mark it paid through the notification's path. */
  | { kind: 'settle' }
  /** Its window is over and it is unpaid: close it at WeChat Pay, then locally. */
  | { kind: 'close' }
  /** WeChat Pay already closed it, or never knew it and its window is over: close it locally. */
  | { kind: 'close_locally' }
  | { kind: 'retry'; at: number };

export interface ReconcileClock {
  now: number;
  /** End of the order's payment window (time_expire). */
  expiresAt: number;
  /** Queries made so far without a final answer. */
  rounds: number;
  /** The first delay (PAY_RECONCILE_AFTER_S); each later one doubles, up to MAX_RECONCILE_DELAY_MS. */
  baseDelayMs: number;
}

export const MAX_RECONCILE_DELAY_MS = 3600_000;
/** A shopper typing the password (USERPAYING) is asked about again soon, even past the window. */
export const USERPAYING_RECHECK_MS = 30_000;

/** base, 2x base, 4x base ... capped at an hour. */
export function reconcileDelayMs(rounds: number, baseDelayMs: number): number {
  return Math.min(baseDelayMs * 2 ** Math.min(rounds, 20), MAX_RECONCILE_DELAY_MS);
}

export function nextReconcileStep(outcome: QueryOutcome, clock: ReconcileClock): ReconcileStep {
  const expired = clock.now >= clock.expiresAt;
  const later = () => ({
    kind: 'retry' as const,
    at: clock.now + reconcileDelayMs(clock.rounds, clock.baseDelayMs),
  });
  // Until the window ends the order stays payable; make sure the round after the window's end happens.
  const laterOrAtExpiry = () => {
    const next = later();
    return expired ? next : { kind: 'retry' as const, at: Math.min(next.at, clock.expiresAt) };
  };
  if (outcome.kind === 'failed') return later();
  if (outcome.kind === 'not_found') return expired ? { kind: 'close_locally' } : laterOrAtExpiry();
  switch (outcome.tradeState) {
    case 'SUCCESS':
    case 'REFUND':
      return { kind: 'settle' };
    case 'CLOSED':
    case 'REVOKED':
      return { kind: 'close_locally' };
    case 'USERPAYING':
      return { kind: 'retry', at: clock.now + USERPAYING_RECHECK_MS };
    default:
      // NOTPAY, PAYERROR (the shopper may pay again) and anything new: wait, or close when the window is over.
      return expired ? { kind: 'close' } : laterOrAtExpiry();
  }
}
