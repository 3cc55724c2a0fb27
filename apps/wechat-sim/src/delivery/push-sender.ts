// Sends a push to the merchant's URL and retries, like WeChat, while the reply is not `success` or empty.

import type { PushApp, PushFormat, PushMessage, PushMode } from './push-format.js';
import { buildPushRequest } from './push-format.js';

export interface PushAttempt {
  /** HTTP status; 0 when no reply came (timeout, connection refused). */
  status: number;
  body: string;
  ms: number;
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

/** WeChat takes `success` or an empty body as "received"; anything else gets the message resent. */
const isAccepted = (attempt: PushAttempt) =>
  attempt.status >= 200 && attempt.status < 300 && (attempt.body === 'success' || attempt.body === '');

export async function deliverPush(
  delivery: PushDelivery,
  options: { timeoutMs: number; retries: number; nowSeconds: () => number },
): Promise<PushOutcome> {
  const attempts: PushAttempt[] = [];
  for (let i = 0; i <= options.retries; i++) {
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
    let attempt: PushAttempt;
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': request.contentType, 'user-agent': 'Mozilla/4.0' },
        body: request.body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      attempt = { status: response.status, body: await response.text(), ms: Date.now() - started };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const message =
        name === 'TimeoutError' ? 'timeout' : error instanceof Error ? error.message : String(error);
      attempt = { status: 0, body: '', ms: Date.now() - started, error: message };
    }
    attempts.push(attempt);
    if (isAccepted(attempt)) return { attempts, delivered: true };
  }
  return { attempts, delivered: false };
}
