// The checkout port of the h5 demo, standing in for the phone: login codes, formIds, subscription
// accepts and the cashier come from the WeChat emulator, so the BFF and the emulator see the traffic
// a phone would cause. Page chrome (toast, loading, navigation) is Taro's h5 runtime.
import { formatFen } from '@checkout/shared';
import Taro from '@tarojs/taro';
import { paymentResultFromErrMsg } from '../checkout/payment-result';
import type { CheckoutPort, HttpResponse } from '../checkout/port';
import { APP_ID, SIM_BASE } from '../config';
import { openCashierSheet } from './h5-cashier-sheet';

/** The demo shopper's openid: kept so that a reload is the same shopper. */
export const DEMO_OPENID_KEY = 'checkout.demo.openid';

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function simPost<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${SIM_BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const reply = await readBody(response);
  if (!response.ok) throw new Error(`emulator ${path} answered ${response.status}`);
  return reply as T;
}

// The emulator knows the appid the BFF signs for; the build-time one is the fallback.
let appIdLookup: Promise<string> | undefined;
function simAppId(): Promise<string> {
  appIdLookup ??= fetch(`${SIM_BASE}/sim/config`)
    .then(async (response) => (response.ok ? ((await response.json()) as { WECHAT_APPID?: string }) : {}))
    .then((config: { WECHAT_APPID?: string }) => config.WECHAT_APPID || APP_ID)
    .catch(() => APP_ID);
  return appIdLookup;
}

const storage: CheckoutPort['storage'] = {
  get: (key) => localStorage.getItem(key) ?? undefined,
  set: (key, value) => localStorage.setItem(key, value),
  remove: (key) => localStorage.removeItem(key),
};

export const platformPort: CheckoutPort = {
  async request({ method, url, headers, body }): Promise<HttpResponse> {
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await readBody(response) };
  },

  async login() {
    const openid = storage.get(DEMO_OPENID_KEY);
    const reply = await simPost<{ code: string; openid: string }>(
      '/sim/login-codes',
      openid ? { openid } : {},
    );
    storage.set(DEMO_OPENID_KEY, reply.openid);
    return reply.code;
  },

  // A browser's Form has no formId: mint one for this shopper as WeChat would for a submit.
  async formIdForSubmit() {
    const openid = storage.get(DEMO_OPENID_KEY);
    if (!openid) return undefined;
    const reply = await simPost<{ formIds: string[] }>('/sim/form-ids', { openid, count: 1 });
    return reply.formIds[0];
  },

  async requestPayment(params, subject) {
    const choice = await openCashierSheet({ amountText: formatFen(subject.totalFen), sn: subject.sn });
    try {
      const appId = await simAppId();
      const reply = await simPost<{ errMsg: string }>('/sim/pay/confirm', {
        appId,
        ...params,
        outcome: choice,
      });
      return paymentResultFromErrMsg(reply.errMsg);
    } catch (error) {
      return {
        outcome: 'fail',
        reason: `requestPayment:fail ${error instanceof Error ? error.message : ''}`.trim(),
      };
    }
  },

  // The demo shopper taps 允许 for every template; the emulator records the accepts.
  async requestSubscribeMessage(templateIds) {
    const openid = storage.get(DEMO_OPENID_KEY);
    if (!openid) return [];
    try {
      const reply = await simPost<{ accepted: string[] | number }>('/sim/subscriptions', {
        openid,
        templateIds,
      });
      const { accepted } = reply;
      return Array.isArray(accepted)
        ? templateIds.filter((id) => accepted.includes(id))
        : templateIds.slice(0, accepted);
    } catch {
      return [];
    }
  },

  async navigateTo(url) {
    await Taro.navigateTo({ url });
  },

  async redirectTo(url) {
    await Taro.redirectTo({ url });
  },

  storage,

  toast: (message) => {
    void Taro.showToast({ title: message, icon: 'none', duration: 2500 });
  },
  showLoading: (title) => {
    void Taro.showLoading({ title, mask: true });
  },
  hideLoading: () => {
    void Taro.hideLoading();
  },
};
