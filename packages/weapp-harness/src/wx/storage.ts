// wx storage: one map per mini-program, values kept as copies; a missing key reads as ''.
// https://developers.weixin.qq.com/miniprogram/dev/api/storage/wx.getStorageSync.html

import { asyncApi, type CallbackOptions, type ToRealm, WxFail } from './callbacks.js';
import type { WxState } from './state.js';

export function storageApis(state: WxState, toRealm: ToRealm) {
  const copy = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  const get = (key: string) => (state.storage.has(key) ? toRealm(state.storage.get(key)) : '');
  return {
    getStorageSync: (key: string) => get(key),
    setStorageSync: (key: string, value: unknown) => void state.storage.set(key, copy(value)),
    removeStorageSync: (key: string) => void state.storage.delete(key),
    clearStorageSync: () => state.storage.clear(),
    getStorage: asyncApi('getStorage', toRealm, async ({ key }: CallbackOptions) => {
      if (!state.storage.has(String(key))) throw new WxFail('data not found');
      return { data: state.storage.get(String(key)) };
    }),
    setStorage: asyncApi('setStorage', toRealm, async ({ key, data }: CallbackOptions) => {
      state.storage.set(String(key), copy(data));
      return {};
    }),
    removeStorage: asyncApi('removeStorage', toRealm, async ({ key }: CallbackOptions) => {
      state.storage.delete(String(key));
      return {};
    }),
  };
}
