// What one send attempt's outcome means, as a table: for the notice (sent, retry later, try the next
// credential or channel), for the credential (retired, given back, kept in flight) and for the attempt
// it resends, if any. Pure: the sender carries the decision out.

import type { CredentialKindValue, NoticeChannelValue } from '../db/order-tables.js';
import type { SendFailure } from './classify.js';

/** sent: settle the notice as delivered. retry: the notice is due again after a backoff. next: go on. */
export type NoticeStep = 'sent' | 'retry' | 'next';

/** retire: the credential is spent or refused. give_back: WeChat did not take its use. keep: untouched. */
export type CredentialEffect = 'retire' | 'give_back' | 'keep';

export interface AttemptFacts {
  channel: NoticeChannelValue;
  credentialKind: CredentialKindValue;
  /** Undefined when WeChat took the message. */
  failure: SendFailure | undefined;
  /** A resend with the in-flight credential of an interrupted attempt. */
  resumed: boolean;
}

export interface AttemptDecision {
  step: NoticeStep;
  credential: CredentialEffect;
  /** The outcome is unknown: the credential stays the notice's in-flight one, for the next round to resend. */
  keepInflight: boolean;
  /** What the resend revealed about the interrupted attempt (only for a resend). */
  interrupted?: { delivered: boolean; note: string };
  /** Written on this attempt's log row instead of WeChat's errmsg. */
  note?: string;
}

/** The errcode a resend gets when the interrupted send already spent the credential's use. */
export const SPENT_BY_EARLIER_SEND: Record<NoticeChannelValue, number> = {
  template: 41029,
  subscribe: 43101,
};

export function decideAttempt({ channel, credentialKind, failure, resumed }: AttemptFacts): AttemptDecision {
  const noun = credentialNoun(credentialKind);
  if (!failure) {
    // Only a single-use formId going through proves the interrupted send never reached WeChat.
    const note =
      credentialKind === 'form_id'
        ? 'not delivered: interrupted before WeChat took it (the resend with the same form id went through)'
        : `interrupted, outcome unknown: resent with the same ${noun}`;
    return {
      step: 'sent',
      credential: 'keep',
      keepInflight: false,
      ...(resumed ? { interrupted: { delivered: false, note } } : {}),
    };
  }
  if (resumed && failure.errcode === SPENT_BY_EARLIER_SEND[channel]) {
    return {
      step: 'sent',
      credential: 'retire',
      keepInflight: false,
      interrupted: {
        delivered: true,
        note: `delivered: WeChat took it before the interruption (the resend found the ${noun} used)`,
      },
      note: `${noun} already used by the interrupted attempt: counted as delivered`,
    };
  }
  switch (failure.kind) {
    case 'credential':
    case 'refused':
      return { step: 'next', credential: 'retire', keepInflight: false };
    case 'transient':
      // Without a definite "not taken" for this send and the interrupted one, the credential stays in
      // flight and the next round resends with it; otherwise the use WeChat did not take goes back.
      if (resumed || failure.uncertain) return { step: 'retry', credential: 'keep', keepInflight: true };
      return { step: 'retry', credential: 'give_back', keepInflight: false };
    case 'fatal':
      return { step: 'next', credential: 'give_back', keepInflight: false };
  }
}

export function credentialNoun(kind: CredentialKindValue): string {
  switch (kind) {
    case 'form_id':
      return 'form id';
    case 'prepay_id':
      return 'prepay_id';
    case 'subscription':
      return 'subscribe accept';
  }
}
