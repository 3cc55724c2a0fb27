import { describe, expect, it } from 'vitest';
import { orderStatusAfterRefunds } from '../../src/payments/refund-status.js';

describe('orderStatusAfterRefunds', () => {
  it.each([
    ['nothing refunded, not shipped', { refundedFen: 0, pending: false, shipped: false }, 'paid'],
    ['nothing refunded, shipped', { refundedFen: 0, pending: false, shipped: true }, 'shipped'],
    ['a refund on its way', { refundedFen: 0, pending: true, shipped: true }, 'refunding'],
    ['part refunded, another on its way', { refundedFen: 300, pending: true, shipped: false }, 'refunding'],
    ['part refunded', { refundedFen: 300, pending: false, shipped: false }, 'partially_refunded'],
    ['all refunded', { refundedFen: 1000, pending: false, shipped: true }, 'refunded'],
  ] as const)('%s', (_name, state, status) => {
    expect(orderStatusAfterRefunds({ totalFen: 1000, ...state })).toBe(status);
  });
});
