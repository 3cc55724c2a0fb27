// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import ResultPage from '../../src/pages/cart/results/index';
import { createFakePort, errorReply, makeOrder } from '../fake-port';
import { setRouterParams } from '../stubs/taro';
import { renderPage } from './render-page';

afterEach(cleanup);

const text = (selector: string) => document.querySelector(selector)?.textContent;

function withOrder(order: ReturnType<typeof makeOrder>) {
  const fake = createFakePort();
  fake.bff.orders.set(order.sn, order);
  return fake;
}

describe('result page', () => {
  it('shows a paid order with its number, amount and the notices to expect', async () => {
    const order = makeOrder('SN100', [{ sku: 'tea', quantity: 2 }], 'paid');
    order.notices = [{ sn: 'SN100', kind: 'pay_success', status: 'sent', channel: 'subscribe' }];
    const fake = withOrder(order);
    setRouterParams({ status: '1', type: 'pay', sn: 'SN100' });
    renderPage(ResultPage, fake);

    expect(text('.result-title')).toBe('支付成功');
    expect(text('.result-sn')).toBe('SN100');
    await waitFor(() => expect(text('.result-amount')).toBe('¥24.68'));
    expect(text('.result-notice-pay')).toBe('订单支付成功通知：已发送到微信「服务通知」');
    expect(text('.result-notice-shipped')).toContain('订单发货通知');
    expect(fake.events).toContain('GET /orders/SN100');

    fireEvent.click(screen.getByText('查看我的订单'));
    await waitFor(() => expect(fake.redirects()).toEqual(['/pages/orders/index']));
  });

  it('still shows success when the payment-success notice could not be sent', async () => {
    const order = makeOrder('SN101', [{ sku: 'cup', quantity: 1 }], 'paid');
    order.notices = [{ sn: 'SN101', kind: 'pay_success', status: 'failed', errcode: 41028 }];
    setRouterParams({ status: '1', type: 'pay', sn: 'SN101' });
    renderPage(ResultPage, withOrder(order));
    await waitFor(() => expect(text('.result-notice-pay')).toContain('未能发送'));
    expect(text('.result-title')).toBe('支付成功');
  });

  it('offers to pay a cancelled order again and pays it', async () => {
    const fake = withOrder(makeOrder('SN102', [{ sku: 'cup', quantity: 2 }]));
    setRouterParams({ status: '0', type: 'pay', sn: 'SN102', reason: 'cancel' });
    renderPage(ResultPage, fake);

    expect(text('.result-title')).toBe('支付已取消');
    expect(document.querySelector('.result-reason')).toBeNull();
    const repay = document.querySelector<HTMLButtonElement>('.repay-button');
    expect(repay?.textContent).toBe('重新支付');
    await waitFor(() => expect(repay?.disabled).toBe(false));
    expect(text('.result-amount')).toBe('¥10.00');

    fireEvent.click(repay as Element);
    await waitFor(() =>
      expect(fake.redirects()).toEqual(['/pages/cart/results/index?status=1&type=pay&sn=SN102']),
    );
    expect(fake.events).toContain('POST /orders/SN102/payment');
    expect(fake.events).toContain('requestPayment prepay_id=wx123 SN102 1000');
  });

  it('shows why a payment failed and offers a retry', async () => {
    const fake = withOrder(makeOrder('SN103', [{ sku: 'tea', quantity: 1 }]));
    setRouterParams({ status: '0', type: 'pay', sn: 'SN103', reason: 'requestPayment:fail 余额不足' });
    renderPage(ResultPage, fake);
    expect(text('.result-title')).toBe('支付失败');
    expect(text('.result-reason')).toBe('原因：requestPayment:fail 余额不足');
    expect(text('.repay-button')).toBe('重试');
    await waitFor(() =>
      expect(document.querySelector<HTMLButtonElement>('.repay-button')?.disabled).toBe(false),
    );
  });

  it('offers no repayment for an order that is no longer unpaid', async () => {
    const fake = withOrder(makeOrder('SN104', [{ sku: 'tea', quantity: 1 }], 'paid'));
    setRouterParams({ status: '0', type: 'pay', sn: 'SN104', reason: 'cancel' });
    renderPage(ResultPage, fake);
    await waitFor(() => expect(text('.result-amount')).toBe('¥12.34'));
    expect(document.querySelector<HTMLButtonElement>('.repay-button')?.disabled).toBe(true);
  });

  it('toasts when the order cannot be loaded', async () => {
    const fake = createFakePort();
    fake.bff.routes['GET /orders/:sn'] = () => errorReply(500, 'Internal Server Error');
    setRouterParams({ status: '0', type: 'pay', sn: 'SN105', reason: 'cancel' });
    renderPage(ResultPage, fake);
    await waitFor(() => expect(fake.toasts()).toEqual(['服务繁忙，请稍后重试']));
    expect(document.querySelector<HTMLButtonElement>('.repay-button')?.disabled).toBe(true);
    expect(fake.isLoading()).toBe(false);
  });

  it('says there is no result for a page opened without an order', () => {
    const fake = createFakePort();
    setRouterParams({});
    renderPage(ResultPage, fake);
    expect(text('.result-title')).toBe('没有找到支付结果');
    expect(fake.requests).toEqual([]);
  });
});
