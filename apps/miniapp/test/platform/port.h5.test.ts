// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutPort } from '../../src/checkout/port';
import { APP_ID, SIM_BASE } from '../../src/config';
import { PAYMENT } from '../fake-port';

interface SimCall {
  url: string;
  method: string;
  body: unknown;
}

type SimRoute = (body: Record<string, unknown>) => { status?: number; body: unknown };

/** A fetch that answers like the WeChat emulator and records what the adapter sent. */
function stubEmulator(overrides: Record<string, SimRoute> = {}) {
  const calls: SimCall[] = [];
  const routes: Record<string, SimRoute> = {
    'GET /sim/config': () => ({ body: { WECHAT_APPID: 'wx-sim-app' } }),
    'POST /sim/login-codes': (body) => ({ body: { code: 'code-9', openid: body.openid ?? 'o-new' } }),
    'POST /sim/form-ids': () => ({ body: { formIds: ['form-77'] } }),
    'POST /sim/pay/confirm': (body) => ({
      body: { errMsg: body.outcome === 'success' ? 'requestPayment:ok' : 'requestPayment:fail cancel' },
    }),
    'POST /sim/subscriptions': (body) => ({ body: { accepted: body.templateIds } }),
    ...overrides,
  };
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ url, method, body });
    const route = routes[`${method} ${url.replace(SIM_BASE, '')}`];
    if (!route) return new Response('not found', { status: 404 });
    const reply = route(body ?? {});
    return new Response(JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

// The adapter caches the emulator's appid per page load: a fresh module per test.
async function loadPort(): Promise<CheckoutPort> {
  vi.resetModules();
  return (await import('../../src/platform/port.h5')).platformPort;
}

async function answerCashier(choice: '.sim-cashier-confirm' | '.sim-cashier-cancel' | '.sim-cashier-fail') {
  await vi.waitFor(() => expect(document.querySelector('.sim-cashier')).not.toBeNull());
  (document.querySelector(choice) as HTMLButtonElement).click();
}

beforeEach(() => {
  localStorage.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('h5 adapter: the emulator stands in for the phone', () => {
  it('gets a login code for a new shopper and keeps the openid for the next launch', async () => {
    const calls = stubEmulator();
    const port = await loadPort();
    expect(await port.login()).toBe('code-9');
    expect(localStorage.getItem('checkout.demo.openid')).toBe('o-new');
    await port.login();
    expect(calls.map((call) => call.body)).toEqual([{}, { openid: 'o-new' }]);
    expect(calls[0]?.url).toBe(`${SIM_BASE}/sim/login-codes`);
  });

  it('mints a formId for the shopper on submit, and none before login', async () => {
    const calls = stubEmulator();
    const port = await loadPort();
    expect(await port.formIdForSubmit(undefined)).toBeUndefined();
    expect(calls).toEqual([]);
    localStorage.setItem('checkout.demo.openid', 'o-1');
    expect(await port.formIdForSubmit(undefined)).toBe('form-77');
    expect(calls[0]?.body).toEqual({ openid: 'o-1', count: 1 });
  });

  it('shows the cashier with the amount and confirms the payment with the emulator', async () => {
    const calls = stubEmulator();
    const port = await loadPort();
    const paying = port.requestPayment(PAYMENT, { sn: 'SN1', totalFen: 2968 });
    await vi.waitFor(() => expect(document.querySelector('.sim-cashier-amount')?.textContent).toBe('¥29.68'));
    expect(document.querySelector('.sim-cashier-sn')?.textContent).toBe('订单号 SN1');
    await answerCashier('.sim-cashier-confirm');

    expect(await paying).toEqual({ outcome: 'ok' });
    expect(document.querySelector('.sim-cashier')).toBeNull();
    const confirm = calls.find((call) => call.url.endsWith('/sim/pay/confirm'));
    expect(confirm?.body).toEqual({ appId: 'wx-sim-app', ...PAYMENT, outcome: 'success' });
  });

  it('reports a cancel through the emulator as wx.requestPayment would', async () => {
    const calls = stubEmulator();
    const port = await loadPort();
    const paying = port.requestPayment(PAYMENT, { sn: 'SN1', totalFen: 100 });
    await answerCashier('.sim-cashier-cancel');
    expect(await paying).toEqual({ outcome: 'cancel' });
    expect(calls.find((call) => call.url.endsWith('/sim/pay/confirm'))?.body).toMatchObject({
      outcome: 'cancel',
    });
  });

  it('reports a failed payment with the emulator errMsg', async () => {
    stubEmulator({ 'POST /sim/pay/confirm': () => ({ body: { errMsg: 'requestPayment:fail 余额不足' } }) });
    const port = await loadPort();
    const paying = port.requestPayment(PAYMENT, { sn: 'SN1', totalFen: 100 });
    await answerCashier('.sim-cashier-fail');
    expect(await paying).toEqual({ outcome: 'fail', reason: 'requestPayment:fail 余额不足' });
  });

  it('falls back to the build-time appid when the emulator config is unavailable', async () => {
    const calls = stubEmulator({ 'GET /sim/config': () => ({ status: 404, body: {} }) });
    const port = await loadPort();
    const paying = port.requestPayment(PAYMENT, { sn: 'SN1', totalFen: 100 });
    await answerCashier('.sim-cashier-confirm');
    await paying;
    expect(calls.find((call) => call.url.endsWith('/sim/pay/confirm'))?.body).toMatchObject({
      appId: APP_ID,
    });
  });

  it('fails the payment when the emulator cannot be reached', async () => {
    stubEmulator({ 'POST /sim/pay/confirm': () => ({ status: 500, body: {} }) });
    const port = await loadPort();
    const paying = port.requestPayment(PAYMENT, { sn: 'SN1', totalFen: 100 });
    await answerCashier('.sim-cashier-confirm');
    expect(await paying).toEqual({
      outcome: 'fail',
      reason: 'requestPayment:fail emulator /sim/pay/confirm answered 500',
    });
  });

  it('records the subscription accepts with the emulator', async () => {
    const calls = stubEmulator();
    const port = await loadPort();
    expect(await port.requestSubscribeMessage(['a', 'b'])).toEqual([]);
    localStorage.setItem('checkout.demo.openid', 'o-1');
    expect(await port.requestSubscribeMessage(['a', 'b'])).toEqual(['a', 'b']);
    expect(calls.at(-1)?.body).toEqual({ openid: 'o-1', templateIds: ['a', 'b'] });
  });

  it('accepts none when the emulator refuses', async () => {
    stubEmulator({ 'POST /sim/subscriptions': () => ({ status: 400, body: {} }) });
    const port = await loadPort();
    localStorage.setItem('checkout.demo.openid', 'o-1');
    expect(await port.requestSubscribeMessage(['a'])).toEqual([]);
  });

  it('sends BFF requests as JSON and reads JSON or text replies', async () => {
    const seen: RequestInit[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      seen.push(init);
      return url.endsWith('/json')
        ? new Response('{"ok":true}', { status: 201, headers: { 'content-type': 'application/json' } })
        : new Response('plain', { status: 500 });
    });
    const port = await loadPort();
    expect(
      await port.request({ method: 'POST', url: 'http://bff/json', headers: { a: '1' }, body: { x: 1 } }),
    ).toEqual({ status: 201, body: { ok: true } });
    expect(seen[0]).toEqual({ method: 'POST', headers: { a: '1' }, body: '{"x":1}' });
    expect(await port.request({ method: 'GET', url: 'http://bff/text', headers: {} })).toEqual({
      status: 500,
      body: 'plain',
    });
    expect(seen[1]?.body).toBeUndefined();
  });

  it('leaves toasts, loading and navigation to Taro', async () => {
    stubEmulator();
    const port = await loadPort();
    // The same (freshly loaded) Taro stand-in the adapter was linked against.
    const { taroCalls } = await import('../stubs/taro');
    port.toast('出错了');
    port.showLoading('加载中');
    port.hideLoading();
    await port.redirectTo('/pages/orders/index');
    expect(taroCalls).toEqual([
      'showToast 出错了',
      'showLoading 加载中',
      'hideLoading',
      'redirectTo /pages/orders/index',
    ]);
  });
});
