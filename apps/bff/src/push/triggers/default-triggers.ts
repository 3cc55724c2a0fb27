// The triggers every BFF starts with (created once, by name): coupon redemptions become records.

import type { CreateTriggerBody } from '@checkout/shared';

export const DEFAULT_TRIGGERS: readonly CreateTriggerBody[] = [
  {
    name: 'record-card-redemptions',
    enabled: true,
    condition: { msgType: 'event', event: 'user_consume_card' },
    action: { type: 'record-card-redemption' },
    maxAttempts: 10,
  },
];
