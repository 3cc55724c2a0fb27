// The checkout as plain TypeScript: create (or re-price) the order, open the cashier, then ask for
// the notice subscriptions, report the formId for the payment-success notice and show the result.
import type { CreateOrderBody, RequestPaymentParams } from '@checkout/shared';
import type { ApiClient } from '../api/client';
import { shopperMessage } from '../api/errors';
import type { CheckoutPort, PaymentSubject } from './port';
import { type PayResult, resultUrl } from './result-route';

/** What WeChat devtools put in e.detail.formId: never a real credential. */
export const DEVTOOLS_MOCK_FORM_ID = 'the formId is a mock one';

export interface CartLine {
  sku: string;
  quantity: number;
}

export interface SubscribeTemplateIds {
  paySuccess: string;
  shipped: string;
}

export type CheckoutOutcome =
  | (PayResult & { noticeSent?: boolean })
  /** Nothing reached the cashier (network or BFF error); the shopper stays on the page. */
  | { status: 'error'; message: string }
  /** A tap while a payment was already under way: ignored. */
  | { status: 'busy' };

export interface CheckoutFlowOptions {
  port: CheckoutPort;
  api: ApiClient;
  subscribeTemplateIds: SubscribeTemplateIds;
}

export interface CheckoutFlow {
  /** Submit of the checkout form. */
  payCart(lines: readonly CartLine[], eventFormId: string | undefined): Promise<CheckoutOutcome>;
  /** Pay an unpaid order again (after a cancel, a failure, or from the orders list). */
  payOrder(order: PaymentSubject): Promise<CheckoutOutcome>;
  isBusy(): boolean;
}

/** Drops absent, blank and devtools-mock formIds. */
export function usableFormId(formId: string | undefined): string | undefined {
  const trimmed = formId?.trim();
  return trimmed && trimmed !== DEVTOOLS_MOCK_FORM_ID ? trimmed : undefined;
}

export function createCheckoutFlow({ port, api, subscribeTemplateIds }: CheckoutFlowOptions): CheckoutFlow {
  let busy = false;

  // One payment at a time: repeated taps while one is under way change nothing.
  async function exclusive(run: () => Promise<CheckoutOutcome>): Promise<CheckoutOutcome> {
    if (busy) return { status: 'busy' };
    busy = true;
    try {
      return await run();
    } finally {
      busy = false;
      port.hideLoading();
    }
  }

  // A BFF step before the cashier: loading while it runs, a toast and no payment when it fails.
  async function prepare<T>(
    title: string,
    step: () => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; outcome: CheckoutOutcome }> {
    port.showLoading(title);
    try {
      return { ok: true, value: await step() };
    } catch (error) {
      port.hideLoading();
      const message = shopperMessage(error);
      port.toast(message);
      return { ok: false, outcome: { status: 'error', message } };
    }
  }

  // Everything after the cashier closed successfully; only navigation may fail the shopper now.
  async function afterPayment(sn: string, formId: string | undefined): Promise<CheckoutOutcome> {
    const accepted = await port.requestSubscribeMessage([
      subscribeTemplateIds.paySuccess,
      subscribeTemplateIds.shipped,
    ]);
    port.showLoading('正在确认支付结果');
    if (accepted.length > 0) {
      // The BFF needs the accepts to use the subscribe channel; the template channel still works without.
      await api.recordSubscriptions(accepted).catch(() => undefined);
    }
    const noticeSent = await api
      .sendPaySuccessNotice(formId ? { sn, form_id: formId } : { sn })
      .then(() => true)
      .catch(() => false);
    port.hideLoading();
    await port.redirectTo(resultUrl({ status: 'paid', sn }));
    return { status: 'paid', sn, noticeSent };
  }

  async function pay(
    subject: PaymentSubject,
    params: RequestPaymentParams,
    formId: string | undefined,
  ): Promise<CheckoutOutcome> {
    // The cashier is WeChat's own sheet: no loading mask over it.
    port.hideLoading();
    const payment = await port.requestPayment(params, subject);
    if (payment.outcome === 'ok') return afterPayment(subject.sn, formId);
    const result: PayResult =
      payment.outcome === 'cancel'
        ? { status: 'cancelled', sn: subject.sn }
        : { status: 'failed', sn: subject.sn, reason: payment.reason };
    await port.redirectTo(resultUrl(result));
    return result;
  }

  return {
    isBusy: () => busy,

    payCart: (lines, eventFormId) =>
      exclusive(async () => {
        const items = lines
          .filter((line) => line.quantity > 0)
          .map(({ sku, quantity }) => ({ sku, quantity }));
        if (items.length === 0) {
          port.toast('请先选择商品');
          return { status: 'error', message: '请先选择商品' };
        }
        const created = await prepare('正在创建订单', async () => {
          // A formId is a bonus credential: without one the order is still paid.
          const formId = usableFormId(await port.formIdForSubmit(eventFormId).catch(() => undefined));
          const body: CreateOrderBody = formId ? { items, formId } : { items };
          return { formId, reply: await api.createOrder(body) };
        });
        if (!created.ok) return created.outcome;
        const { formId, reply } = created.value;
        return pay({ sn: reply.order.sn, totalFen: reply.order.totalFen }, reply.payment, formId);
      }),

    payOrder: (subject) =>
      exclusive(async () => {
        const params = await prepare('正在发起支付', () => api.payOrderAgain(subject.sn));
        if (!params.ok) return params.outcome;
        return pay(subject, params.value, undefined);
      }),
  };
}
