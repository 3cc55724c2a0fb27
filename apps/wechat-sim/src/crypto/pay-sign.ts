// The cashier's check of wx.requestPayment parameters: RSA-SHA256 over `appId\ntimeStamp\nnonceStr\npackage\n`.

import { type KeyObject, verify } from 'node:crypto';

export interface RequestPaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

export function verifyPaySign(params: RequestPaymentParams, merchantPublicKey: KeyObject): boolean {
  const message = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
  return verify('RSA-SHA256', Buffer.from(message), merchantPublicKey, Buffer.from(params.paySign, 'base64'));
}
