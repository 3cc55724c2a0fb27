// A refund is PROCESSING when WeChat Pay accepts it and settles a little later (seconds to minutes in
// WeChat's docs); then its REFUND.* notification goes out.

import type { VirtualClock } from '../clock.js';
import type { SimConfig } from '../options.js';
import type { RefundOutcome } from '../state/pay-faults.js';
import type { Refunds, SimRefund } from '../state/refunds.js';
import type { PayNotifier } from './pay-notifier.js';

/** How long WeChat Pay takes to settle a refund in the emulator, before timeScale. */
export const REFUND_SETTLE_MS = 60_000;

export class RefundSettler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly config: SimConfig,
    private readonly clock: VirtualClock,
    private readonly refunds: Refunds,
    private readonly notifier: PayNotifier,
  ) {}

  schedule(refund: SimRefund, outcome: RefundOutcome): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.refunds.settle(refund, outcome, this.clock.now());
        this.notifier.notifyRefund(refund);
      },
      Math.max(REFUND_SETTLE_MS * this.config.timeScale, 20),
    );
    this.timers.add(timer);
  }

  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
