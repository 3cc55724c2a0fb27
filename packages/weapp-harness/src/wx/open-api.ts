// The shopper's side of WeChat: wx.login, the cashier (wx.requestPayment) and the subscribe prompt
// (wx.requestSubscribeMessage), answered by the test's shopper and carried out by the emulator.

import { asyncApi, type CallbackOptions, type ToRealm, WxFail } from './callbacks.js';
import type { Emulator } from './emulator.js';
import type { ShopperControls, WxState } from './state.js';

export function openApis(state: WxState, shopper: ShopperControls, emulator: Emulator, toRealm: ToRealm) {
  return {
    // https://developers.weixin.qq.com/miniprogram/dev/api/open-api/login/wx.login.html
    login: asyncApi('login', toRealm, async () => ({ code: await emulator.mintLoginCode(shopper.openid) })),

    // https://developers.weixin.qq.com/miniprogram/dev/api/payment/wx.requestPayment.html
    requestPayment: asyncApi('requestPayment', toRealm, async (options: CallbackOptions) => {
      const { success: _s, fail: _f, complete: _c, ...params } = options;
      const openedAt = Date.now();
      const outcome = shopper.cashier.shift() ?? 'success';
      const errMsg = await emulator.confirmPayment(params, outcome);
      state.payments.push({ params, openedAt, outcome, errMsg, at: Date.now() });
      if (errMsg !== 'requestPayment:ok') throw new WxFail(errMsg.replace(/^requestPayment:fail ?/, ''));
      return {};
    }),

    // https://developers.weixin.qq.com/miniprogram/dev/api/open-api/subscribe-message/wx.requestSubscribeMessage.html
    requestSubscribeMessage: asyncApi(
      'requestSubscribeMessage',
      toRealm,
      async (options: CallbackOptions) => {
        const tmplIds = Array.isArray(options.tmplIds) ? options.tmplIds.map(String) : [];
        if (tmplIds.length === 0) throw new WxFail('tmplIds is empty');
        const result = Object.fromEntries(tmplIds.map((id) => [id, shopper.subscribe(id)]));
        const accepted = tmplIds.filter((id) => result[id] === 'accept');
        if (accepted.length > 0) await emulator.acceptSubscriptions(shopper.openid, accepted);
        state.subscribePrompts.push({ tmplIds, result, at: Date.now() });
        return result;
      },
    ),
  };
}
