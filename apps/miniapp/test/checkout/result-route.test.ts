import { describe, expect, it } from 'vitest';
import { paymentResultFromErrMsg } from '../../src/checkout/payment-result';
import { parseResultQuery, resultUrl } from '../../src/checkout/result-route';

const queryOf = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('result page URL', () => {
  it('round-trips success, cancel and failure', () => {
    for (const result of [
      { status: 'paid', sn: 'SN1' },
      { status: 'cancelled', sn: 'SN2' },
      { status: 'failed', sn: 'SN3', reason: 'requestPayment:fail 100% 失败 & more' },
    ] as const) {
      expect(parseResultQuery(queryOf(resultUrl(result)))).toEqual(result);
    }
  });

  it('reads mini-program options that are still URL-encoded', () => {
    expect(
      parseResultQuery({ status: '0', type: 'pay', sn: 'SN1', reason: 'requestPayment%3Afail%20x' }),
    ).toEqual({
      status: 'failed',
      sn: 'SN1',
      reason: 'requestPayment:fail x',
    });
  });

  it('describes no payment without an order number, a known status or with another type', () => {
    expect(parseResultQuery({ status: '1', type: 'pay' })).toBeUndefined();
    expect(parseResultQuery({ status: '2', sn: 'SN1' })).toBeUndefined();
    expect(parseResultQuery({ status: '1', sn: 'SN1', type: 'refund' })).toBeUndefined();
  });
});

describe('paymentResultFromErrMsg', () => {
  it('reads the cashier outcome as wx.requestPayment words it', () => {
    expect(paymentResultFromErrMsg('requestPayment:ok')).toEqual({ outcome: 'ok' });
    expect(paymentResultFromErrMsg('requestPayment:fail cancel')).toEqual({ outcome: 'cancel' });
    expect(paymentResultFromErrMsg('requestPayment:fail (detail message)')).toEqual({
      outcome: 'fail',
      reason: 'requestPayment:fail (detail message)',
    });
    expect(paymentResultFromErrMsg('')).toEqual({ outcome: 'fail', reason: 'requestPayment:fail' });
  });
});
