// Device and base-library facts a bundle reads at start: a 375 x 812 phone on a recent base library.
// https://developers.weixin.qq.com/miniprogram/dev/api/base/system/wx.getWindowInfo.html

import type { ToRealm } from './callbacks.js';

const WINDOW = {
  pixelRatio: 3,
  screenWidth: 375,
  screenHeight: 812,
  windowWidth: 375,
  windowHeight: 812,
  statusBarHeight: 44,
  safeArea: { left: 0, right: 375, top: 44, bottom: 778, width: 375, height: 734 },
};
const DEVICE = { brand: 'harness', model: 'weapp-harness', system: 'iOS 17.0', platform: 'ios' };
const APP_BASE = { SDKVersion: '3.4.0', language: 'zh_CN', version: '8.0.50', theme: 'light' };

export function systemApis(toRealm: ToRealm) {
  return {
    getWindowInfo: () => toRealm(WINDOW),
    getDeviceInfo: () => toRealm(DEVICE),
    getAppBaseInfo: () => toRealm(APP_BASE),
    getSystemInfoSync: () => toRealm({ ...WINDOW, ...DEVICE, ...APP_BASE }),
  };
}
