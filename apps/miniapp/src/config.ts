// Settings baked in at build time (config/index.ts passes the shell's TARO_APP_* values to the bundle).
import { DEMO_TEMPLATE_IDS } from '@checkout/shared';

/** The BFF every shopper request goes to. */
export const API_BASE = process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000';

/** The WeChat emulator the h5 demo uses in place of the phone's WeChat client. */
export const SIM_BASE = process.env.TARO_APP_SIM_BASE || 'http://127.0.0.1:4100';

/** The mini-program appid; the h5 demo asks the emulator first and falls back to this. */
export const APP_ID = process.env.TARO_APP_ID || 'touristappid';

/** Subscribe-message templates asked for in the payment success callback. */
export const SUBSCRIBE_TEMPLATE_IDS = {
  paySuccess: process.env.TARO_APP_PAY_SUCCESS_SUBSCRIBE_ID || DEMO_TEMPLATE_IDS.subscribe.pay_success,
  shipped: process.env.TARO_APP_SHIPPED_SUBSCRIBE_ID || DEMO_TEMPLATE_IDS.subscribe.shipped,
} as const;
