import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OrdersScreen } from '../src/screens/OrdersScreen.js';
import { parseYuanToFen } from '../src/yuan.js';
import { errorReply, fakeBff } from './fake-bff.js';
import { order } from './fixtures.js';
import { renderScreen } from './render.js';

const paid = order();
const refund = {
  outRefundNo: `${paid.sn}R1`,
  amountFen: 234,
  status: 'processing',
  createdAt: paid.createdAt,
};

describe('退款 on the 订单 screen', () => {
  it('refunds an amount in yuan with one Idempotency-Key, and shows the result', async () => {
    let refundedNow = false;
    const bff = fakeBff({
      'GET /admin/orders': () => ({
        body: {
          orders: [refundedNow ? order({ status: 'refunding', refunds: [refund as never] }) : paid],
          total: 1,
        },
      }),
      'POST /admin/orders/:sn/refunds': () => {
        refundedNow = true;
        return { body: { order: order({ status: 'refunding' }), refund } };
      },
    });
    renderScreen(<OrdersScreen />, bff);
    fireEvent.click(await screen.findByTestId(`refund-${paid.sn}`));
    expect(screen.getByTestId('refund-form').textContent).toContain('可退 ¥12.34');
    expect((screen.getByTestId('refund-amount') as HTMLInputElement).value).toBe('12.34');
    fireEvent.change(screen.getByTestId('refund-amount'), { target: { value: '2.34' } });
    fireEvent.change(screen.getByTestId('refund-reason'), { target: { value: '少发一件' } });
    fireEvent.click(screen.getByTestId('refund-submit'));

    const result = await screen.findByTestId('refund-result');
    expect(result.textContent).toContain(`订单 ${paid.sn} 已申请退款 ¥2.34`);
    expect(result.textContent).toContain('退款处理中');
    const [post] = bff.callsTo(`POST /admin/orders/${paid.sn}/refunds`);
    expect(post?.body).toEqual({ amountFen: 234, reason: '少发一件' });
    expect(post?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() =>
      expect(
        within(screen.getByTestId(`order-row-${paid.sn}`)).getByTestId('order-status').textContent,
      ).toContain('退款中'),
    );
  });

  it('refuses more than is left to refund before asking, and shows the BFF’s refusal', async () => {
    const bff = fakeBff({
      'GET /admin/orders': () => ({ body: { orders: [paid], total: 1 } }),
      'POST /admin/orders/:sn/refunds': () =>
        errorReply(409, 'WeChat Pay refused the refund: NOT_ENOUGH (balance)', 'REFUND_REFUSED'),
    });
    renderScreen(<OrdersScreen />, bff);
    fireEvent.click(await screen.findByTestId(`refund-${paid.sn}`));
    fireEvent.change(screen.getByTestId('refund-amount'), { target: { value: '12.35' } });
    fireEvent.click(screen.getByTestId('refund-submit'));
    expect((await screen.findByTestId('refund-error')).textContent).toBe('退款金额不能超过可退金额 ¥12.34');
    expect(bff.callsTo(`POST /admin/orders/${paid.sn}/refunds`)).toHaveLength(0);

    fireEvent.change(screen.getByTestId('refund-amount'), { target: { value: '1' } });
    fireEvent.click(screen.getByTestId('refund-submit'));
    await waitFor(() => expect(screen.getByTestId('refund-error').textContent).toContain('NOT_ENOUGH'));
  });

  it('offers no refund for an unpaid or fully refunded order', async () => {
    const bff = fakeBff({
      'GET /admin/orders': () => ({
        body: {
          orders: [
            order({ sn: 'SN20240501009', status: 'unpaid' }),
            order({ sn: 'SN20240501010', status: 'refunded', refundedFen: 1234 }),
          ],
          total: 2,
        },
      }),
    });
    renderScreen(<OrdersScreen />, bff);
    await screen.findByTestId('order-row-SN20240501010');
    expect(screen.queryByText('退款')).toBeNull();
    expect(screen.getByTestId('order-row-SN20240501010').textContent).toContain('已退 ¥12.34');
  });
});

describe('parseYuanToFen', () => {
  it.each([
    ['12.34', 1234],
    ['12', 1200],
    ['0.5', 50],
    [' 3.1 ', 310],
    ['0', undefined],
    ['1.234', undefined],
    ['-1', undefined],
    ['abc', undefined],
  ])('%s -> %s', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });
});
