// The messages a notice sends, built from a stored order: what the shopper reads, in each channel.

import { describe, expect, it } from 'vitest';
import { noticeFacts, subscribeMessage, templateMessage } from '../../src/notices/notice-message.js';
import type { OrderRow } from '../../src/shop/orders.js';

const paid: OrderRow = {
  sn: '2026112314050012345678',
  openid: 'oShopper000000000000000001',
  status: 'paid',
  lines: [
    { sku: 'coffee-500g', name: '云南小粒咖啡豆 500g', priceFen: 6800, quantity: 2 },
    { sku: 'cup', name: '马克杯', priceFen: 3900, quantity: 1 },
  ],
  total_fen: 17_500,
  description: '云南小粒咖啡豆 500g 等3件',
  prepay_id: 'wx23140500000000000000000000000001',
  prepaid_at: new Date('2026-11-23T06:05:00Z'),
  transaction_id: '4200000000202611230000000001',
  paid_at: new Date('2026-11-23T06:05:30Z'),
  shipped_at: null,
  carrier: null,
  tracking_no: null,
  created_at: new Date('2026-11-23T06:05:00Z'),
  expires_at: new Date('2026-11-23T08:05:00Z'),
  refunded_fen: 0,
  reconcile_at: null,
  reconcile_rounds: 0,
  reconcile_owner: null,
  reconcile_lease_until: null,
};
const shipped: OrderRow = {
  ...paid,
  status: 'shipped',
  shipped_at: new Date('2026-11-24T01:00:00Z'),
  carrier: '顺丰速运',
  tracking_no: 'SF1234567890',
};

describe('notice messages', () => {
  it('the payment-success subscribe message: order number, yuan, goods, China time; the order page', () => {
    expect(subscribeMessage('pay_success', paid, 'sub-pay', 'formal')).toEqual({
      touser: 'oShopper000000000000000001',
      template_id: 'sub-pay',
      page: 'pages/cart/results/index?status=1&type=pay&sn=2026112314050012345678',
      data: {
        character_string1: { value: '2026112314050012345678' },
        amount2: { value: '175.00元' },
        thing3: { value: '云南小粒咖啡豆 500g 等3件' },
        time4: { value: '2026-11-23 14:05' },
      },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    });
  });

  it('the legacy template message carries the credential as form_id and enlarges the amount', () => {
    const message = templateMessage('pay_success', paid, 'tpl-pay', 'wx23140500000000000000000000000001');
    expect(message.form_id).toBe('wx23140500000000000000000000000001');
    expect(message.emphasis_keyword).toBe('keyword2.DATA');
    expect(message.data.keyword2).toEqual({ value: '175.00元' });
    expect(message.touser).toBe(paid.openid);
  });

  it('the shipped notice names the carrier and tracking number and opens the order list', () => {
    const message = subscribeMessage('shipped', shipped, 'sub-ship', 'trial');
    expect(message.page).toBe('pages/orders/index?sn=2026112314050012345678');
    expect(message.data).toMatchObject({
      thing2: { value: '顺丰速运' },
      character_string3: { value: 'SF1234567890' },
      time4: { value: '2026-11-24 09:00' },
    });
    expect(templateMessage('shipped', shipped, 'tpl-ship', 'form-1').emphasis_keyword).toBe('keyword3.DATA');
  });

  it('an order without paid_at is reported as paid now', () => {
    const facts = noticeFacts({ ...paid, paid_at: null }, new Date('2026-12-01T00:00:00Z'));
    expect(facts.paidAt).toBe('2026-12-01T00:00:00.000Z');
    expect(facts).not.toHaveProperty('carrier');
  });
});
