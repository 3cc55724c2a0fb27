// Built-in action: POST the event as JSON to an allowed URL, signed with HMAC-SHA256 over
// `${timestamp}.${body}` so the receiver can check origin and freshness.

import { createHmac } from 'node:crypto';
import { type ActionContext, PermanentActionError, type StoredPushEvent } from './action-types.js';
import { forwardUrlProblem } from './forward-target.js';

export const FORWARD_SIGNATURE_HEADER = 'x-push-signature';
export const FORWARD_TIMESTAMP_HEADER = 'x-push-timestamp';

export interface ForwardSettings {
  url: string;
  secret: string;
  allowedHosts: readonly string[];
  timeoutMs: number;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`). */
export function forwardSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export async function forwardEvent(
  event: StoredPushEvent,
  settings: ForwardSettings,
  { signal }: ActionContext,
): Promise<void> {
  const problem = forwardUrlProblem(settings.url, settings.allowedHosts);
  if (problem) throw new PermanentActionError(problem);
  const body = JSON.stringify({
    eventId: event.id,
    appid: event.appid,
    msgType: event.msgType,
    event: event.event,
    createTime: event.createTime.toISOString(),
    message: event.payload,
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  let response: Response;
  try {
    response = await fetch(settings.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [FORWARD_TIMESTAMP_HEADER]: timestamp,
        [FORWARD_SIGNATURE_HEADER]: forwardSignature(settings.secret, timestamp, body),
      },
      body,
      // A redirect could leave the allow-list: treat it as a failure.
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(settings.timeoutMs)]),
    });
    await response.arrayBuffer();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    throw new Error(
      name === 'TimeoutError' ? `forward timed out after ${settings.timeoutMs} ms` : 'forward request failed',
      { cause: error },
    );
  }
  if (response.status >= 200 && response.status < 300) return;
  const message = `forward target answered HTTP ${response.status}`;
  // A 4xx other than timeout/rate limit will not change on its own: stop retrying.
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    throw new PermanentActionError(message);
  }
  throw new Error(message);
}
