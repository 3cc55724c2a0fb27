import { describe, expect, it } from 'vitest';
import { formatFen } from '../src/money.js';
import { formatChinaTime, NOTICES, truncateThing } from '../src/notices.js';
import { checkSubscribeValue } from '../src/subscribe-rules.js';

const facts = {
  sn: 'SN202611230001',
  amountFen: 12_345,
  itemsSummary: '云南小粒咖啡豆 500g 等 3 件商品，包邮到家，感谢惠顾',
  paidAt: '2026-11-23T06:05:00.000Z',
  carrier: '顺丰速运',
  trackingNo: 'SF1234567890',
  shippedAt: '2026-11-24T01:00:00.000Z',
};

describe('notice definitions', () => {
  it('formats money from fen for display only', () => {
    expect(formatFen(1234)).toBe('¥12.34');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(100_000)).toBe('¥1000.00');
  });

  it('formats instants in China Standard Time', () => {
    expect(formatChinaTime('2026-11-23T16:30:00Z')).toBe('2026-11-24 00:30');
  });

  it('truncates thing values to 20 characters', () => {
    expect([...truncateThing(facts.itemsSummary)]).toHaveLength(20);
    expect(truncateThing('短')).toBe('短');
  });

  it.each(Object.values(NOTICES))('$kind builds subscribe data that obeys every key rule', (notice) => {
    const data = notice.subscribeData(facts);
    expect(Object.keys(data)).toEqual(Object.keys(notice.subscribeKeys));
    for (const [key, { value }] of Object.entries(data)) expect(checkSubscribeValue(key, value)).toBeNull();
  });

  it.each(Object.values(NOTICES))('$kind fills one legacy keyword per label', (notice) => {
    const data = notice.templateData(facts);
    expect(Object.keys(data)).toEqual(notice.templateKeywords.map((_, i) => `keyword${i + 1}`));
    expect(Object.values(data).every((v) => v.value.length > 0)).toBe(true);
  });

  it('the payment-success notice carries the order number and amount', () => {
    const data = NOTICES.pay_success.templateData(facts);
    expect(data.keyword1?.value).toBe('SN202611230001');
    expect(data.keyword2?.value).toBe('123.45元');
    expect(NOTICES.pay_success.page(facts)).toBe(
      'pages/cart/results/index?status=1&type=pay&sn=SN202611230001',
    );
  });
});
