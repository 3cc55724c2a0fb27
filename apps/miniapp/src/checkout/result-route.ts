// The result page's URL is the contract between the flow (which goes there) and the page (which reads it).

export const RESULTS_PAGE = '/pages/cart/results/index';
export const CHECKOUT_PAGE = '/pages/cart/payment/index';
export const ORDERS_PAGE = '/pages/orders/index';

/** `reason` of a payment the shopper closed. */
export const CANCEL_REASON = 'cancel';

export type PayResult =
  | { status: 'paid'; sn: string }
  | { status: 'cancelled'; sn: string }
  | { status: 'failed'; sn: string; reason: string };

export function resultUrl(result: PayResult): string {
  const query = new URLSearchParams({
    status: result.status === 'paid' ? '1' : '0',
    type: 'pay',
    sn: result.sn,
  });
  if (result.status === 'cancelled') query.set('reason', CANCEL_REASON);
  if (result.status === 'failed') query.set('reason', result.reason);
  return `${RESULTS_PAGE}?${query.toString()}`;
}

// Mini-program page options arrive still encoded, h5 ones decoded: decode once, tolerating both.
function decodeParam(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Reads the page query back; undefined when it does not describe a payment. */
export function parseResultQuery(query: Readonly<Record<string, string | undefined>>): PayResult | undefined {
  const sn = decodeParam(query.sn);
  if (!sn || (query.type && query.type !== 'pay')) return undefined;
  if (query.status === '1') return { status: 'paid', sn };
  if (query.status !== '0') return undefined;
  const reason = decodeParam(query.reason);
  return reason === CANCEL_REASON ? { status: 'cancelled', sn } : { status: 'failed', sn, reason };
}
