// wx.requestPayment reports its outcome in errMsg; the h5 stand-in's cashier answers in the same words.
import type { PaymentResult } from './port';

export function paymentResultFromErrMsg(errMsg: string): PaymentResult {
  if (errMsg === 'requestPayment:ok') return { outcome: 'ok' };
  // `requestPayment:fail cancel` is the shopper closing the cashier, not a failure.
  if (/cancel/i.test(errMsg)) return { outcome: 'cancel' };
  return { outcome: 'fail', reason: errMsg || 'requestPayment:fail' };
}
