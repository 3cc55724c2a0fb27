// The import every caller uses. Taro swaps in port.weapp.ts or port.h5.ts by TARO_ENV (its per-platform
// file suffix); this file types that import and stands for any platform without an adapter.
import type { CheckoutPort } from '../checkout/port';

function unsupported(): never {
  throw new Error(`No checkout adapter for TARO_ENV=${process.env.TARO_ENV}; add src/platform/port.<env>.ts`);
}

export const platformPort: CheckoutPort = {
  request: async () => unsupported(),
  login: async () => unsupported(),
  formIdForSubmit: async () => unsupported(),
  requestPayment: async () => unsupported(),
  requestSubscribeMessage: async () => unsupported(),
  navigateTo: async () => unsupported(),
  redirectTo: async () => unsupported(),
  storage: { get: unsupported, set: unsupported, remove: unsupported },
  toast: unsupported,
  showLoading: unsupported,
  hideLoading: unsupported,
};
