// What the wx APIs remember, for a test to read: storage, toasts, loading, every HTTP request, every
// cashier opening and subscribe prompt, and the order in which the bundle called wx.

import type { CashierOutcome } from './emulator.js';

export interface RecordedRequest {
  method: string;
  url: string;
  statusCode?: number;
  /** The errMsg of a request that failed (network error, timeout). */
  failed?: string;
  at: number;
}

export interface RecordedPayment {
  params: Record<string, unknown>;
  /** When the cashier sheet opened (wx.requestPayment was called). */
  openedAt: number;
  outcome: CashierOutcome;
  errMsg: string;
  /** When the shopper closed it (paid, cancelled or declined). */
  at: number;
}

export interface WxState {
  storage: Map<string, unknown>;
  toasts: { title: string; icon: string; at: number }[];
  /** The loading mask on screen, if any. */
  loading: { title: string } | undefined;
  requests: RecordedRequest[];
  payments: RecordedPayment[];
  subscribePrompts: { tmplIds: string[]; result: Record<string, string>; at: number }[];
  /** The formId of every report-submit form submit, in order. */
  formIds: string[];
  /** Every wx API the bundle called, in order (`request`, `requestPayment`...). */
  calls: { api: string; at: number }[];
}

export function createWxState(): WxState {
  return {
    storage: new Map(),
    toasts: [],
    loading: undefined,
    requests: [],
    payments: [],
    subscribePrompts: [],
    formIds: [],
    calls: [],
  };
}

/** How the test's shopper answers what WeChat asks them. */
export interface ShopperControls {
  openid: string;
  /** What the shopper does in each cashier sheet, in order; `success` once the list is used up. */
  cashier: CashierOutcome[];
  /** The shopper's answer to a subscribe prompt, per template id. */
  subscribe: (templateId: string) => 'accept' | 'reject';
  /** WeChat devtools: every formId is `the formId is a mock one`. */
  devtools: boolean;
}
