// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import OrdersPage from '../../src/pages/orders/index';
import { createFakePort, errorReply, makeOrder } from '../fake-port';
import { renderPage } from './render-page';

afterEach(cleanup);

const item = (sn: string) => document.querySelector(`.order-item[data-sn="${sn}"]`);

function withOrders() {
  const fake = createFakePort();
  const shipped = {
    ...makeOrder('SN3', [{ sku: 'tea', quantity: 1 }], 'shipped'),
    carrier: '顺丰',
    trackingNo: 'SF1234',
  };
  for (const order of [
    makeOrder('SN1', [{ sku: 'cup', quantity: 2 }]),
    makeOrder('SN2', [{ sku: 'tea', quantity: 1 }], 'paid'),
    shipped,
  ]) {
    fake.bff.orders.set(order.sn, order);
  }
  return fake;
}

describe('orders page', () => {
  it('lists the orders with their status, and a pay button only on the unpaid one', async () => {
    renderPage(OrdersPage, withOrders());
    await waitFor(() => expect(document.querySelectorAll('.order-item')).toHaveLength(3));
    expect(item('SN1')?.querySelector('.order-status')?.textContent).toBe('待支付');
    expect(item('SN2')?.querySelector('.order-status')?.textContent).toBe('已支付');
    expect(item('SN3')?.querySelector('.order-status')?.textContent).toBe('已发货');
    expect(item('SN3')?.querySelector('.order-tracking')?.textContent).toBe('顺丰 SF1234');
    expect(item('SN1')?.querySelector('.order-amount')?.textContent).toBe('¥10.00');
    expect(item('SN1')?.querySelector('.order-lines')?.textContent).toBe('青瓷杯 × 2');
    expect(document.querySelectorAll('.order-pay-button')).toHaveLength(1);
    expect(item('SN1')?.querySelector('.order-pay-button')).not.toBeNull();
  });

  it('pays an unpaid order again', async () => {
    const fake = withOrders();
    renderPage(OrdersPage, fake);
    const pay = await waitFor(() => {
      const button = item('SN1')?.querySelector('.order-pay-button');
      expect(button).toBeInstanceOf(HTMLButtonElement);
      return button as HTMLButtonElement;
    });
    fireEvent.click(pay);
    fireEvent.click(pay);
    await waitFor(() =>
      expect(fake.redirects()).toEqual(['/pages/cart/results/index?status=1&type=pay&sn=SN1']),
    );
    expect(fake.events.filter((event) => event === 'POST /orders/SN1/payment')).toHaveLength(1);
    expect(fake.events).toContain('requestPayment prepay_id=wx123 SN1 1000');
  });

  it('says there are no orders yet', async () => {
    renderPage(OrdersPage, createFakePort());
    expect(await screen.findByText('暂无订单')).toBeTruthy();
  });

  it('toasts and offers a reload when the list cannot be loaded', async () => {
    const fake = withOrders();
    const list = fake.bff.routes['GET /orders'];
    fake.bff.routes['GET /orders'] = () => errorReply(502, 'Bad Gateway');
    renderPage(OrdersPage, fake);
    await screen.findByText('服务繁忙，请稍后重试');
    expect(fake.toasts()).toEqual(['服务繁忙，请稍后重试']);

    if (list) fake.bff.routes['GET /orders'] = list;
    fireEvent.click(document.querySelector('.orders-reload-button') as Element);
    await waitFor(() => expect(document.querySelectorAll('.order-item')).toHaveLength(3));
  });
});
