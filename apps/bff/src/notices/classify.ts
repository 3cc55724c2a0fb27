// What a failed send means for the notice: the same decision table for both channels.

import { classifyErrcode } from '@checkout/shared';
import { SubscribeDataError, WechatApiError, WechatHttpError } from '@checkout/wechat';

/**
 * transient: WeChat did not take the message now (busy, limited, 5xx, timeout, token trouble after the
 *   SDK's own retry): give the use back and retry the notice later.
 * credential: this formId / prepay_id is spent or invalid: retire it, try the next credential.
 * refused: no subscribe accept left (43101): retire the accept, try the next channel.
 * fatal: this channel cannot send this message (bad template, page, data): give the use back, next channel.
 */
export type SendFailureKind = 'transient' | 'credential' | 'refused' | 'fatal';

export interface SendFailure {
  kind: SendFailureKind;
  errcode: number | null;
  errmsg: string;
  /** No answer to a send (timeout, dropped connection): WeChat may have taken the message. */
  uncertain?: boolean;
}

export function classifySendError(error: unknown): SendFailure {
  if (error instanceof WechatApiError) {
    const kind = classifyErrcode(error.errcode);
    return {
      kind: kind === 'token' || kind === 'transient' ? 'transient' : kind === 'ok' ? 'fatal' : kind,
      errcode: error.errcode,
      errmsg: error.errmsg || error.message,
    };
  }
  if (error instanceof WechatHttpError) {
    // A 5xx is WeChat refusing; no answer (or an unreadable 200) to a message send could be a delivery.
    const answered = error.status !== undefined && error.status !== 200;
    const uncertain = !answered && error.api.startsWith('cgi-bin/message/');
    return { kind: 'transient', errcode: null, errmsg: error.message, ...(uncertain ? { uncertain } : {}) };
  }
  if (error instanceof SubscribeDataError) {
    return { kind: 'fatal', errcode: null, errmsg: error.message };
  }
  // Anything else (our database, a bug) must not lose the notice: retry it later.
  return { kind: 'transient', errcode: null, errmsg: error instanceof Error ? error.message : String(error) };
}
