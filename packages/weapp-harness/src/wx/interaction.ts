// Toast and loading: WeChat shows one at a time (showLoading replaces a toast and vice versa).
// https://developers.weixin.qq.com/miniprogram/dev/api/ui/interaction/wx.showToast.html

import { asyncApi, type CallbackOptions, type ToRealm } from './callbacks.js';
import type { WxState } from './state.js';

export function interactionApis(state: WxState, toRealm: ToRealm) {
  return {
    showToast: asyncApi('showToast', toRealm, async ({ title, icon }: CallbackOptions) => {
      state.loading = undefined;
      state.toasts.push({ title: String(title ?? ''), icon: String(icon ?? 'success'), at: Date.now() });
      return {};
    }),
    hideToast: asyncApi('hideToast', toRealm, async () => ({})),
    showLoading: asyncApi('showLoading', toRealm, async ({ title }: CallbackOptions) => {
      state.loading = { title: String(title ?? '') };
      return {};
    }),
    hideLoading: asyncApi('hideLoading', toRealm, async () => {
      state.loading = undefined;
      return {};
    }),
  };
}
