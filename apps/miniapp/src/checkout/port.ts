// What the checkout needs from the platform it runs on. Plain types: the flow and the API client
// depend on this, the per-platform adapters in src/platform implement it.
import type { RequestPaymentParams } from '@checkout/shared';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** Serialised as JSON by the adapter. */
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON when the reply was JSON, otherwise the raw text. */
  body: unknown;
}

/** How the WeChat cashier ended, as wx.requestPayment reports it. */
export type PaymentResult = { outcome: 'ok' } | { outcome: 'cancel' } | { outcome: 'fail'; reason: string };

/** The order the cashier is shown for (the h5 stand-in displays it; WeChat shows its own). */
export interface PaymentSubject {
  sn: string;
  totalFen: number;
}

export interface KeyValueStorage {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export interface CheckoutPort {
  /** Rejects only when no HTTP reply arrived (offline, DNS, timeout). */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** A wx.login code to exchange at POST /auth/login. */
  login(): Promise<string>;
  /** The formId to report for a <Form reportSubmit> submit; the event's own value on a phone. */
  formIdForSubmit(eventFormId: string | undefined): Promise<string | undefined>;
  requestPayment(params: RequestPaymentParams, subject: PaymentSubject): Promise<PaymentResult>;
  /** The template ids the shopper accepted; never rejects (a refusal or an error accepts none). */
  requestSubscribeMessage(templateIds: readonly string[]): Promise<string[]>;
  navigateTo(url: string): Promise<void>;
  redirectTo(url: string): Promise<void>;
  storage: KeyValueStorage;
  toast(message: string): void;
  showLoading(title: string): void;
  hideLoading(): void;
}
