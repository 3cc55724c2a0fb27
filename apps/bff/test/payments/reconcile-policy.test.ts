import { describe, expect, it } from 'vitest';
import {
  MAX_RECONCILE_DELAY_MS,
  nextReconcileStep,
  type QueryOutcome,
  reconcileDelayMs,
  USERPAYING_RECHECK_MS,
} from '../../src/payments/reconcile-policy.js';

const NOW = 1_800_000_000_000;
const BASE = 300_000;
const open = { now: NOW, expiresAt: NOW + 3600_000, rounds: 0, baseDelayMs: BASE };
const expired = { ...open, expiresAt: NOW - 1 };
const state = (tradeState: string): QueryOutcome => ({ kind: 'state', tradeState });

describe('nextReconcileStep', () => {
  it.each([
    ['SUCCESS, window open', state('SUCCESS'), open, { kind: 'settle' }],
    ['SUCCESS, window over (paid before it ended)', state('SUCCESS'), expired, { kind: 'settle' }],
    ['REFUND (paid, then refunded elsewhere)', state('REFUND'), open, { kind: 'settle' }],
    ['CLOSED at WeChat', state('CLOSED'), open, { kind: 'close_locally' }],
    ['REVOKED at WeChat', state('REVOKED'), expired, { kind: 'close_locally' }],
    ['NOTPAY, window open', state('NOTPAY'), open, { kind: 'retry', at: NOW + BASE }],
    ['NOTPAY, window over', state('NOTPAY'), expired, { kind: 'close' }],
    ['PAYERROR, window over', state('PAYERROR'), expired, { kind: 'close' }],
    [
      'USERPAYING, window over',
      state('USERPAYING'),
      expired,
      { kind: 'retry', at: NOW + USERPAYING_RECHECK_MS },
    ],
    ['unknown to WeChat, window open', { kind: 'not_found' }, open, { kind: 'retry', at: NOW + BASE }],
    ['unknown to WeChat, window over', { kind: 'not_found' }, expired, { kind: 'close_locally' }],
    ['query failed, window over', { kind: 'failed' }, expired, { kind: 'retry', at: NOW + BASE }],
    [
      'query failed the 3rd time',
      { kind: 'failed' },
      { ...open, rounds: 2 },
      { kind: 'retry', at: NOW + 4 * BASE },
    ],
  ] as const)('%s', (_name, outcome, clock, step) => {
    expect(nextReconcileStep(outcome as QueryOutcome, clock)).toEqual(step);
  });

  it('asks again no later than the end of the window, so an expired order is closed promptly', () => {
    const soon = { ...open, expiresAt: NOW + 60_000, rounds: 3 };
    expect(nextReconcileStep(state('NOTPAY'), soon)).toEqual({ kind: 'retry', at: NOW + 60_000 });
  });
});

describe('reconcileDelayMs', () => {
  it('doubles from the base and stops at an hour', () => {
    expect([0, 1, 2, 3].map((r) => reconcileDelayMs(r, BASE))).toEqual([BASE, 2 * BASE, 4 * BASE, 8 * BASE]);
    expect(reconcileDelayMs(50, BASE)).toBe(MAX_RECONCILE_DELAY_MS);
  });
});
