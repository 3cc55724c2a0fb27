// Shopper steps over HTTP against a BFF process: log in, order (priced by the server), pay in the
// emulator's cashier (which then sends the signed payment notification to the order's notify URL).

import type { CreateOrderReply, Order } from '@checkout/shared';
import { call } from './bff-process.js';
import type { Emulator } from './emulator.js';

export interface Shopper {
  openid: string;
  headers: { authorization: string };
}

let addressSerial = 0;
/** Each shopper from its own address (the BFF trusts X-Forwarded-For from loopback: TRUST_PROXY), as phones are. */
function nextAddress(): string {
  addressSerial++;
  return `10.${(addressSerial >> 16) & 255}.${(addressSerial >> 8) & 255}.${addressSerial & 255}`;
}

export async function login(emulator: Emulator, bffUrl: string): Promise<Shopper> {
  const { code, openid } = await emulator.post<{ code: string; openid: string }>('/sim/login-codes', {});
  const { token } = await call<{ token: string }>(`${bffUrl}/auth/login`, {
    json: { code },
    headers: { 'x-forwarded-for': nextAddress() },
  });
  return { openid, headers: { authorization: `Bearer ${token}` } };
}

export function order(
  bffUrl: string,
  shopper: Shopper,
  items: { sku: string; quantity: number }[] = [{ sku: 'drip-bags-10', quantity: 1 }],
  formId?: string,
): Promise<CreateOrderReply> {
  return call<CreateOrderReply>(`${bffUrl}/orders`, {
    headers: shopper.headers,
    json: { items, ...(formId ? { formId } : {}) },
  });
}

export function pay(emulator: Emulator, payment: CreateOrderReply['payment']): Promise<{ errMsg: string }> {
  return emulator.post('/sim/pay/confirm', { ...payment, appId: emulator.appid });
}

export function getOrder(bffUrl: string, shopper: Shopper, sn: string): Promise<Order> {
  return call<Order>(`${bffUrl}/orders/${sn}`, { headers: shopper.headers });
}
