// The checkout port on a phone: the real WeChat APIs through Taro.
import Taro from '@tarojs/taro';
import { paymentResultFromErrMsg } from '../checkout/payment-result';
import type { CheckoutPort, PaymentResult } from '../checkout/port';

function errMsgOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'errMsg' in error) return String(error.errMsg);
  return error instanceof Error ? error.message : String(error);
}

async function requestPayment(params: Parameters<CheckoutPort['requestPayment']>[0]): Promise<PaymentResult> {
  try {
    await Taro.requestPayment({ ...params });
    return { outcome: 'ok' };
  } catch (error) {
    return paymentResultFromErrMsg(errMsgOf(error));
  }
}

export const platformPort: CheckoutPort = {
  async request({ method, url, headers, body }) {
    const reply = await Taro.request({ method, url, header: headers, data: body, dataType: 'json' });
    return { status: reply.statusCode, body: reply.data };
  },

  async login() {
    const { code } = await Taro.login();
    return code;
  },

  // On a device the Form's submit event carries the real formId.
  formIdForSubmit: async (eventFormId) => eventFormId,

  requestPayment,

  async requestSubscribeMessage(templateIds) {
    try {
      // Taro's typing also demands Alipay's entityIds; WeChat takes tmplIds only.
      const option = { tmplIds: [...templateIds] } as Taro.requestSubscribeMessage.Option;
      const reply = (await Taro.requestSubscribeMessage(option)) as unknown as Record<string, unknown>;
      return templateIds.filter((id) => reply[id] === 'accept');
    } catch {
      // Switched off in settings (20004) or refused: the order is paid all the same.
      return [];
    }
  },

  async navigateTo(url) {
    await Taro.navigateTo({ url });
  },

  async redirectTo(url) {
    await Taro.redirectTo({ url });
  },

  storage: {
    get(key) {
      const value: unknown = Taro.getStorageSync(key);
      return typeof value === 'string' && value !== '' ? value : undefined;
    },
    set: (key, value) => Taro.setStorageSync(key, value),
    remove: (key) => Taro.removeStorageSync(key),
  },

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
