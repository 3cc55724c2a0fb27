import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/client';
import {
  type CheckoutFlowOptions,
  createCheckoutFlow,
  DEVTOOLS_MOCK_FORM_ID,
  usableFormId,
} from '../../src/checkout/flow';
import type { PaymentResult } from '../../src/checkout/port';
import { API_BASE, createFakePort, errorReply, type FakePortOptions, makeOrder } from '../fake-port';

const TEMPLATES = { paySuccess: 'sub-pay', shipped: 'sub-ship' };
const CART = [
  { sku: 'tea', quantity: 2 },
  { sku: 'cup', quantity: 1 },
];

function setup(options: FakePortOptions = {}) {
  const fake = createFakePort(options);
  const api = createApiClient({ port: fake.port, baseUrl: API_BASE });
  const flowOptions: CheckoutFlowOptions = { port: fake.port, api, subscribeTemplateIds: TEMPLATES };
  return { ...fake, flow: createCheckoutFlow(flowOptions) };
}

const bodyOf = (fake: ReturnType<typeof setup>, path: string) =>
  fake.requests.find((request) => new URL(request.url).pathname === path)?.body;

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('usableFormId', () => {
  it('keeps a real formId and drops the devtools mock, blanks and absence', () => {
    expect(usableFormId('f-123')).toBe('f-123');
    expect(usableFormId(DEVTOOLS_MOCK_FORM_ID)).toBeUndefined();
    expect(usableFormId('  ')).toBeUndefined();
    expect(usableFormId(undefined)).toBeUndefined();
  });
});

describe('paying the cart', () => {
  it('creates the order, pays, subscribes, reports the formId and shows success', async () => {
    const fake = setup();
    const outcome = await fake.flow.payCart(CART, 'form-1');

    expect(outcome).toEqual({ status: 'paid', sn: 'SN000001', noticeSent: true });
    expect(fake.events.filter((event) => !event.startsWith('showLoading'))).toEqual([
      'login',
      'POST /auth/login',
      'POST /orders',
      'requestPayment prepay_id=wx123 SN000001 2968',
      'requestSubscribeMessage sub-pay,sub-ship',
      'POST /subscriptions',
      'POST /wx/sendTemplatePaySuccess',
      'redirectTo /pages/cart/results/index?status=1&type=pay&sn=SN000001',
    ]);
    expect(bodyOf(fake, '/orders')).toEqual({ items: CART, formId: 'form-1' });
    expect(bodyOf(fake, '/subscriptions')).toEqual({ templateIds: ['sub-pay', 'sub-ship'] });
    expect(bodyOf(fake, '/wx/sendTemplatePaySuccess')).toEqual({ sn: 'SN000001', form_id: 'form-1' });
    expect(fake.requests.find((r) => r.url.endsWith('/orders'))?.headers.authorization).toBe(
      'Bearer token-1',
    );
    expect(fake.isLoading()).toBe(false);
    expect(fake.toasts()).toEqual([]);
  });

  it('shows a loading state for each network step', async () => {
    const fake = setup();
    await fake.flow.payCart(CART, undefined);
    expect(fake.events.filter((event) => event.startsWith('showLoading'))).toEqual([
      'showLoading 正在创建订单',
      'showLoading 正在确认支付结果',
    ]);
  });

  it('never sends the devtools mock formId, neither with the order nor with the notice', async () => {
    const fake = setup();
    await fake.flow.payCart(CART, DEVTOOLS_MOCK_FORM_ID);
    expect(bodyOf(fake, '/orders')).toEqual({ items: CART });
    expect(bodyOf(fake, '/wx/sendTemplatePaySuccess')).toEqual({ sn: 'SN000001' });
  });

  it('uses the formId the platform supplies (the h5 stand-in mints one)', async () => {
    const fake = setup({ formId: async () => 'minted-7' });
    await fake.flow.payCart(CART, undefined);
    expect(bodyOf(fake, '/orders')).toEqual({ items: CART, formId: 'minted-7' });
  });

  it('still pays when the platform cannot supply a formId', async () => {
    const fake = setup({ formId: () => Promise.reject(new Error('emulator down')) });
    const outcome = await fake.flow.payCart(CART, undefined);
    expect(outcome.status).toBe('paid');
    expect(bodyOf(fake, '/orders')).toEqual({ items: CART });
  });

  it('leaves out lines with no quantity and refuses an empty cart without a request', async () => {
    const fake = setup();
    const outcome = await fake.flow.payCart([{ sku: 'tea', quantity: 0 }], undefined);
    expect(outcome).toEqual({ status: 'error', message: '请先选择商品' });
    expect(fake.requests).toEqual([]);
    expect(fake.toasts()).toEqual(['请先选择商品']);
  });

  it('goes to the result page as cancelled when the shopper closes the cashier', async () => {
    const fake = setup({ payment: { outcome: 'cancel' } });
    const outcome = await fake.flow.payCart(CART, 'form-1');
    expect(outcome).toEqual({ status: 'cancelled', sn: 'SN000001' });
    expect(fake.redirects()).toEqual([
      '/pages/cart/results/index?status=0&type=pay&sn=SN000001&reason=cancel',
    ]);
    expect(fake.events.some((event) => event.startsWith('requestSubscribeMessage'))).toBe(false);
    expect(bodyOf(fake, '/wx/sendTemplatePaySuccess')).toBeUndefined();
  });

  it('goes to the result page with the reason when the payment fails', async () => {
    const fake = setup({ payment: { outcome: 'fail', reason: 'requestPayment:fail 余额不足' } });
    const outcome = await fake.flow.payCart(CART, 'form-1');
    expect(outcome).toEqual({ status: 'failed', sn: 'SN000001', reason: 'requestPayment:fail 余额不足' });
    const url = new URL(fake.redirects()[0] ?? '', 'http://x');
    expect(url.pathname).toBe('/pages/cart/results/index');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: '0',
      type: 'pay',
      sn: 'SN000001',
      reason: 'requestPayment:fail 余额不足',
    });
    expect(bodyOf(fake, '/wx/sendTemplatePaySuccess')).toBeUndefined();
  });

  it('toasts a network error, opens no cashier and lets the shopper try again', async () => {
    const fake = setup();
    const request = fake.port.request;
    fake.port.request = async (req) => {
      if (req.url.endsWith('/orders')) throw new Error('request:fail timeout');
      return request(req);
    };
    const outcome = await fake.flow.payCart(CART, 'form-1');
    expect(outcome).toEqual({ status: 'error', message: '网络异常，请检查网络后重试' });
    expect(fake.toasts()).toEqual(['网络异常，请检查网络后重试']);
    expect(fake.events.some((event) => event.startsWith('requestPayment'))).toBe(false);
    expect(fake.redirects()).toEqual([]);
    expect(fake.isLoading()).toBe(false);

    fake.port.request = request;
    expect((await fake.flow.payCart(CART, 'form-1')).status).toBe('paid');
  });

  it('toasts a BFF failure creating the order', async () => {
    const fake = setup();
    fake.bff.routes['POST /orders'] = () => errorReply(503, 'database unavailable');
    const outcome = await fake.flow.payCart(CART, undefined);
    expect(outcome).toEqual({ status: 'error', message: '服务繁忙，请稍后重试' });
    expect(fake.toasts()).toEqual(['服务繁忙，请稍后重试']);
  });

  it('logs in again once when the BFF has forgotten the session, and pays', async () => {
    const fake = setup();
    await fake.flow.payCart(CART, undefined);
    fake.bff.dropSessions();
    fake.events.length = 0;

    const outcome = await fake.flow.payCart(CART, undefined);
    expect(outcome.status).toBe('paid');
    expect(fake.bff.logins).toBe(2);
    expect(fake.events.slice(0, 4)).toEqual([
      'showLoading 正在创建订单',
      'POST /orders',
      'login',
      'POST /auth/login',
    ]);
    expect(fake.events[4]).toBe('POST /orders');
  });

  it('gives up after one re-login when the BFF keeps answering 401', async () => {
    const fake = setup();
    fake.bff.routes['POST /orders'] = () => errorReply(401, 'session expired');
    const outcome = await fake.flow.payCart(CART, undefined);
    expect(outcome).toEqual({ status: 'error', message: '登录已失效，请重试' });
    expect(fake.bff.logins).toBe(2);
    expect(fake.events.filter((event) => event === 'POST /orders')).toHaveLength(2);
  });

  it('shows success when the payment went through but the notice failed', async () => {
    const fake = setup();
    fake.bff.routes['POST /wx/sendTemplatePaySuccess'] = () => errorReply(500, 'Internal Server Error');
    const outcome = await fake.flow.payCart(CART, 'form-1');
    expect(outcome).toEqual({ status: 'paid', sn: 'SN000001', noticeSent: false });
    expect(fake.redirects()).toEqual(['/pages/cart/results/index?status=1&type=pay&sn=SN000001']);
    expect(fake.toasts()).toEqual([]);
    expect(fake.isLoading()).toBe(false);
  });

  it('shows success when the network drops after the payment', async () => {
    const fake = setup();
    const request = fake.port.request;
    fake.port.request = async (req) => {
      if (req.url.includes('/subscriptions') || req.url.includes('/wx/')) throw new Error('request:fail');
      return request(req);
    };
    const outcome = await fake.flow.payCart(CART, 'form-1');
    expect(outcome).toMatchObject({ status: 'paid', noticeSent: false });
    expect(fake.redirects()).toEqual(['/pages/cart/results/index?status=1&type=pay&sn=SN000001']);
  });

  it('reports no subscriptions when the shopper accepts none, and still sends the notice', async () => {
    const fake = setup({ accept: () => [] });
    await fake.flow.payCart(CART, 'form-1');
    expect(bodyOf(fake, '/subscriptions')).toBeUndefined();
    expect(bodyOf(fake, '/wx/sendTemplatePaySuccess')).toEqual({ sn: 'SN000001', form_id: 'form-1' });
  });

  it('reports only the templates the shopper accepted', async () => {
    const fake = setup({ accept: (ids) => ids.filter((id) => id === 'sub-ship') });
    await fake.flow.payCart(CART, undefined);
    expect(bodyOf(fake, '/subscriptions')).toEqual({ templateIds: ['sub-ship'] });
  });

  it('ignores repeated taps while a payment is under way', async () => {
    const cashier = deferred<PaymentResult>();
    const fake = setup({ payment: () => cashier.promise });
    const first = fake.flow.payCart(CART, 'form-1');
    await Promise.resolve();
    expect(fake.flow.isBusy()).toBe(true);
    expect(await fake.flow.payCart(CART, 'form-2')).toEqual({ status: 'busy' });
    expect(await fake.flow.payOrder({ sn: 'SN000001', totalFen: 1 })).toEqual({ status: 'busy' });

    cashier.resolve({ outcome: 'ok' });
    expect((await first).status).toBe('paid');
    expect(fake.events.filter((event) => event === 'POST /orders')).toHaveLength(1);
    expect(fake.flow.isBusy()).toBe(false);
  });
});

describe('paying an unpaid order again', () => {
  it('asks the BFF for new cashier parameters and follows the success path without a formId', async () => {
    const fake = setup();
    fake.bff.orders.set('SN900', makeOrder('SN900', [{ sku: 'cup', quantity: 3 }]));
    const outcome = await fake.flow.payOrder({ sn: 'SN900', totalFen: 1500 });
    expect(outcome).toEqual({ status: 'paid', sn: 'SN900', noticeSent: true });
    expect(fake.events).toContain('POST /orders/SN900/payment');
    expect(fake.events).toContain('requestPayment prepay_id=wx123 SN900 1500');
    expect(bodyOf(fake, '/orders/SN900/payment')).toEqual({});
    expect(bodyOf(fake, '/wx/sendTemplatePaySuccess')).toEqual({ sn: 'SN900' });
  });

  it('toasts when the order can no longer be paid', async () => {
    const fake = setup();
    fake.bff.orders.set('SN901', makeOrder('SN901', [{ sku: 'cup', quantity: 1 }], 'paid'));
    const outcome = await fake.flow.payOrder({ sn: 'SN901', totalFen: 500 });
    expect(outcome).toEqual({ status: 'error', message: '订单状态已变化，请刷新' });
    expect(fake.events.some((event) => event.startsWith('requestPayment'))).toBe(false);
  });

  it('goes to the cancelled result again when the shopper cancels once more', async () => {
    const fake = setup({ payment: { outcome: 'cancel' } });
    fake.bff.orders.set('SN902', makeOrder('SN902', [{ sku: 'tea', quantity: 1 }]));
    await fake.flow.payOrder({ sn: 'SN902', totalFen: 1234 });
    expect(fake.redirects()).toEqual(['/pages/cart/results/index?status=0&type=pay&sn=SN902&reason=cancel']);
  });
});
