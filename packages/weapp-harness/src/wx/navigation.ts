// Route APIs; the page stack itself is the runtime's.
// https://developers.weixin.qq.com/miniprogram/dev/api/route/wx.navigateTo.html

import { asyncApi, type CallbackOptions, type ToRealm } from './callbacks.js';

export interface Navigator {
  navigateTo(url: string): Promise<void>;
  redirectTo(url: string): Promise<void>;
  reLaunch(url: string): Promise<void>;
  navigateBack(delta: number): Promise<void>;
}

export function navigationApis(navigator: Navigator, toRealm: ToRealm) {
  const url = (options: CallbackOptions) => String(options.url ?? '');
  return {
    navigateTo: asyncApi('navigateTo', toRealm, async (o: CallbackOptions) => {
      await navigator.navigateTo(url(o));
      return {};
    }),
    redirectTo: asyncApi('redirectTo', toRealm, async (o: CallbackOptions) => {
      await navigator.redirectTo(url(o));
      return {};
    }),
    reLaunch: asyncApi('reLaunch', toRealm, async (o: CallbackOptions) => {
      await navigator.reLaunch(url(o));
      return {};
    }),
    navigateBack: asyncApi('navigateBack', toRealm, async (o: CallbackOptions) => {
      await navigator.navigateBack(typeof o.delta === 'number' && o.delta > 0 ? o.delta : 1);
      return {};
    }),
  };
}
