// Signed WeChat Pay calls to any /v3 path, and the platform signature checked with node:crypto.

import { verify } from 'node:crypto';
import { authorization, type RunningSim } from './helpers.js';

export interface PayAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

export async function payCall(
  sim: RunningSim,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<PayAnswer> {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const response = await fetch(`${sim.base}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      authorization: authorization(sim.keys, method, path, raw),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: raw }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : {} };
}

/** True when the answer carries the platform's signature over `TS\nNONCE\nBODY\n`. */
export function signedByPlatform(sim: RunningSim, answer: PayAnswer): boolean {
  const signature = answer.headers.get('wechatpay-signature');
  if (!signature || answer.headers.get('wechatpay-serial') !== sim.keys.platform.serial) return false;
  const message = `${answer.headers.get('wechatpay-timestamp')}\n${answer.headers.get('wechatpay-nonce')}\n${answer.text}\n`;
  return verify(
    'RSA-SHA256',
    Buffer.from(message),
    sim.keys.platform.publicKey,
    Buffer.from(signature, 'base64'),
  );
}
