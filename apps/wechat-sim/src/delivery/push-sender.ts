// Sends a push to the merchant's URL like WeChat: "微信服务器在五秒内收不到响应会断掉连接，并且重新发起请求，
// 总共重试三次" (Message push guide). Each try waits up to the timeout; after the third the push is given up.

import type { PushApp, PushFormat, PushMessage, PushMode } from './push-format.js';
import { buildPushRequest } from './push-format.js';

export type PushTryOutcome = 'accepted' | 'refused' | 'timeout' | 'unreachable';

export interface PushAttempt {
  /** HTTP status; 0 when no reply came (timeout, connection refused). */
  status: number;
  body: string;
  ms: number;
  outcome: PushTryOutcome;
  error?: string;
}

export interface PushOutcome {
  attempts: PushAttempt[];
  delivered: boolean;
}

export interface PushDelivery {
  url: string;
  app: PushApp;
  message: PushMessage;
  mode: PushMode;
  format: PushFormat;
}

export interface PushSendOptions {
  timeoutMs: number;
  tries: number;
  nowSeconds: () => number;
  /** Called after every try, so /sim can show a delivery while it is still being retried. */
  onAttempt?: (attempt: PushAttempt) => void;
}

/** WeChat takes `success` or an empty body as "received"; anything else gets the message resent. */
const isAccepted = (status: number, body: string) =>
  status >= 200 && status < 300 && (body === 'success' || body === '');

async function tryOnce(delivery: PushDelivery, options: PushSendOptions): Promise<PushAttempt> {
  const request = buildPushRequest(
    delivery.app,
    delivery.message,
    delivery.mode,
    delivery.format,
    options.nowSeconds(),
  );
  const target = new URL(delivery.url);
  for (const [name, value] of Object.entries(request.query)) target.searchParams.set(name, value);
  const started = Date.now();
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': request.contentType, 'user-agent': 'Mozilla/4.0' },
      body: request.body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const body = await response.text();
    const outcome = isAccepted(response.status, body) ? 'accepted' : 'refused';
    return { status: response.status, body, ms: Date.now() - started, outcome };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const message = timedOut ? 'timeout' : error instanceof Error ? error.message : String(error);
    const outcome = timedOut ? 'timeout' : 'unreachable';
    return { status: 0, body: '', ms: Date.now() - started, outcome, error: message };
  }
}

export async function deliverPush(delivery: PushDelivery, options: PushSendOptions): Promise<PushOutcome> {
  const attempts: PushAttempt[] = [];
  for (let i = 0; i < options.tries; i++) {
    const attempt = await tryOnce(delivery, options);
    attempts.push(attempt);
    options.onAttempt?.(attempt);
    if (attempt.outcome === 'accepted') return { attempts, delivered: true };
  }
  return { attempts, delivered: false };
}
