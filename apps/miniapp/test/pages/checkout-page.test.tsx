// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentResult } from '../../src/checkout/port';
import CheckoutPage from '../../src/pages/cart/payment/index';
import { createFakePort, errorReply } from '../fake-port';
import { STUB_FORM_ID } from '../stubs/taro-components';
import { renderPage } from './render-page';

afterEach(cleanup);

const payButton = () => document.querySelector<HTMLButtonElement>('.pay-button');
const total = () => document.querySelector('.cart-total')?.textContent;
const line = (sku: string) => document.querySelector(`.cart-line[data-sku="${sku}"]`);

describe('checkout page', () => {
  it('shows the catalog lines with prices, quantities and the total', async () => {
    const fake = createFakePort();
    renderPage(CheckoutPage, fake);
    await screen.findByText('龙井茶');
    expect(line('tea')?.querySelector('.cart-line-price')?.textContent).toBe('¥12.34');
    expect(line('cup')?.querySelector('.cart-line-price')?.textContent).toBe('¥5.00');
    expect(line('tea')?.querySelector('.cart-line-qty')?.textContent).toBe('1');
    expect(total()).toBe('合计：¥17.34');
    expect(fake.events).toContain('showLoading 加载中');
    expect(fake.isLoading()).toBe(false);
  });

  it('recomputes the total as quantities change and cannot pay for nothing', async () => {
    const fake = createFakePort();
    renderPage(CheckoutPage, fake);
    await screen.findByText('龙井茶');
    fireEvent.click(line('tea')?.querySelector('.qty-plus') as Element);
    expect(total()).toBe('合计：¥29.68');
    fireEvent.click(line('cup')?.querySelector('.qty-minus') as Element);
    expect(total()).toBe('合计：¥24.68');
    expect(line('cup')?.querySelector<HTMLButtonElement>('.qty-minus')?.disabled).toBe(true);
    fireEvent.click(line('tea')?.querySelector('.qty-minus') as Element);
    fireEvent.click(line('tea')?.querySelector('.qty-minus') as Element);
    expect(total()).toBe('合计：¥0.00');
    expect(payButton()?.disabled).toBe(true);
  });

  it('pays with the formId of the submit and goes to the result page', async () => {
    const fake = createFakePort();
    renderPage(CheckoutPage, fake);
    await screen.findByText('龙井茶');
    fireEvent.click(line('cup')?.querySelector('.qty-plus') as Element);
    fireEvent.click(payButton() as Element);

    await waitFor(() =>
      expect(fake.redirects()).toEqual(['/pages/cart/results/index?status=1&type=pay&sn=SN000001']),
    );
    const order = fake.requests.find((request) => request.url.endsWith('/orders'));
    expect(order?.body).toEqual({
      items: [
        { sku: 'tea', quantity: 1 },
        { sku: 'cup', quantity: 2 },
      ],
      formId: STUB_FORM_ID,
    });
    expect(fake.events).toContain('requestPayment prepay_id=wx123 SN000001 2234');
  });

  it('submits once however often the pay button is tapped', async () => {
    let closeCashier: (result: PaymentResult) => void = () => undefined;
    const fake = createFakePort({
      payment: () =>
        new Promise((resolve) => {
          closeCashier = resolve;
        }),
    });
    renderPage(CheckoutPage, fake);
    await screen.findByText('龙井茶');
    const form = document.querySelector('form') as HTMLFormElement;
    fireEvent.submit(form);
    fireEvent.submit(form);
    await waitFor(() => expect(fake.events.some((event) => event.startsWith('requestPayment'))).toBe(true));
    expect(payButton()?.disabled).toBe(true);
    expect(payButton()?.textContent).toBe('支付中…');
    fireEvent.submit(form);

    closeCashier({ outcome: 'cancel' });
    await waitFor(() => expect(payButton()?.disabled).toBe(false));
    expect(fake.requests.filter((request) => request.url.endsWith('/orders'))).toHaveLength(1);
    expect(fake.redirects()).toEqual([
      '/pages/cart/results/index?status=0&type=pay&sn=SN000001&reason=cancel',
    ]);
  });

  it('says so and offers a reload when the catalog cannot be loaded', async () => {
    const fake = createFakePort();
    const catalog = fake.bff.routes['GET /catalog'];
    fake.bff.routes['GET /catalog'] = () => errorReply(503, 'database unavailable');
    renderPage(CheckoutPage, fake);
    expect((await screen.findByText('服务繁忙，请稍后重试')).className).toBe('checkout-error-text');
    expect(fake.toasts()).toEqual(['服务繁忙，请稍后重试']);
    expect(payButton()?.disabled).toBe(true);

    if (catalog) fake.bff.routes['GET /catalog'] = catalog;
    fireEvent.click(document.querySelector('.checkout-reload-button') as Element);
    await screen.findByText('龙井茶');
    expect(document.querySelector('.checkout-error')).toBeNull();
  });

  it('opens the orders page', async () => {
    const fake = createFakePort();
    renderPage(CheckoutPage, fake);
    fireEvent.click(screen.getByText('我的订单'));
    await waitFor(() => expect(fake.events).toContain('navigateTo /pages/orders/index'));
  });
});
