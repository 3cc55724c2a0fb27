// The decision table of one send attempt, fed with real WeChat answers through the same classifier the
// sender uses: what happens to the notice, the credential and the interrupted attempt a resend repeats.

import { WechatApiError, WechatHttpError } from '@checkout/wechat';
import { describe, expect, it } from 'vitest';
import type { CredentialKindValue, NoticeChannelValue } from '../../src/db/order-tables.js';
import { type AttemptDecision, decideAttempt } from '../../src/notices/attempt-policy.js';
import { classifySendError } from '../../src/notices/classify.js';

const TEMPLATE_API = 'cgi-bin/message/wxopen/template/send';
const SUBSCRIBE_API = 'cgi-bin/message/subscribe/send';
const wx = (api: string, errcode: number, errmsg: string) =>
  classifySendError(new WechatApiError(api, errcode, errmsg));

type Row = [
  what: string,
  channel: NoticeChannelValue,
  credentialKind: CredentialKindValue,
  failure: ReturnType<typeof classifySendError> | undefined,
  resumed: boolean,
  expected: Pick<AttemptDecision, 'step' | 'credential' | 'keepInflight'>,
];

const NEXT_RETIRE = { step: 'next', credential: 'retire', keepInflight: false } as const;
const RETRY_GIVE_BACK = { step: 'retry', credential: 'give_back', keepInflight: false } as const;
const RETRY_KEEP_INFLIGHT = { step: 'retry', credential: 'keep', keepInflight: true } as const;
const NEXT_GIVE_BACK = { step: 'next', credential: 'give_back', keepInflight: false } as const;
const SENT = { step: 'sent', credential: 'keep', keepInflight: false } as const;

describe('what one send attempt means', () => {
  it.each<Row>([
    ['template send taken', 'template', 'form_id', undefined, false, SENT],
    ['subscribe send taken', 'subscribe', 'subscription', undefined, false, SENT],
    [
      '41028 invalid form id',
      'template',
      'form_id',
      wx(TEMPLATE_API, 41028, 'invalid form id'),
      false,
      NEXT_RETIRE,
    ],
    [
      '41029 form id used up',
      'template',
      'prepay_id',
      wx(TEMPLATE_API, 41029, 'form id used count reach limit'),
      false,
      NEXT_RETIRE,
    ],
    [
      '43101 user refused',
      'subscribe',
      'subscription',
      wx(SUBSCRIBE_API, 43101, 'user refuse to accept the msg'),
      false,
      NEXT_RETIRE,
    ],
    ['-1 system busy', 'template', 'form_id', wx(TEMPLATE_API, -1, 'system error'), false, RETRY_GIVE_BACK],
    [
      '45009 daily quota',
      'subscribe',
      'subscription',
      wx(SUBSCRIBE_API, 45009, 'reach max api daily quota limit'),
      false,
      RETRY_GIVE_BACK,
    ],
    [
      '42001 token expired (after the SDK retry)',
      'template',
      'form_id',
      wx(TEMPLATE_API, 42001, 'access_token expired'),
      false,
      RETRY_GIVE_BACK,
    ],
    [
      'HTTP 502',
      'template',
      'form_id',
      classifySendError(new WechatHttpError(TEMPLATE_API, 502, 'HTTP 502')),
      false,
      RETRY_GIVE_BACK,
    ],
    [
      'no answer (timeout): maybe taken',
      'template',
      'form_id',
      classifySendError(new WechatHttpError(TEMPLATE_API, undefined, 'timed out after 5000 ms')),
      false,
      RETRY_KEEP_INFLIGHT,
    ],
    [
      '-1 on a resend',
      'template',
      'prepay_id',
      wx(TEMPLATE_API, -1, 'system error'),
      true,
      RETRY_KEEP_INFLIGHT,
    ],
    [
      '40037 invalid template id',
      'template',
      'form_id',
      wx(TEMPLATE_API, 40037, 'invalid template_id'),
      false,
      NEXT_GIVE_BACK,
    ],
    [
      '47003 argument invalid',
      'subscribe',
      'subscription',
      wx(SUBSCRIBE_API, 47003, 'argument invalid! data.thing3.value'),
      false,
      NEXT_GIVE_BACK,
    ],
    [
      '48001 template API switched off',
      'template',
      'form_id',
      wx(TEMPLATE_API, 48001, 'api unauthorized'),
      false,
      NEXT_GIVE_BACK,
    ],
  ])('%s: %s with a %s', (_what, channel, credentialKind, failure, resumed, expected) => {
    const decision = decideAttempt({ channel, credentialKind, failure, resumed });
    expect({
      step: decision.step,
      credential: decision.credential,
      keepInflight: decision.keepInflight,
    }).toEqual(expected);
    expect(decision.interrupted).toBeUndefined();
  });
});

describe('a resend of an interrupted attempt', () => {
  it('41029 on a resent form id: the interrupted send was delivered; the form id is retired', () => {
    const decision = decideAttempt({
      channel: 'template',
      credentialKind: 'form_id',
      failure: wx(TEMPLATE_API, 41029, 'form id used count reach limit'),
      resumed: true,
    });
    expect(decision).toMatchObject({ step: 'sent', credential: 'retire', interrupted: { delivered: true } });
    expect(decision.note).toBe('form id already used by the interrupted attempt: counted as delivered');
  });

  it('43101 on a resent subscribe accept: delivered by the interrupted send', () => {
    const decision = decideAttempt({
      channel: 'subscribe',
      credentialKind: 'subscription',
      failure: wx(SUBSCRIBE_API, 43101, 'user refuse to accept the msg'),
      resumed: true,
    });
    expect(decision).toMatchObject({ step: 'sent', credential: 'retire', interrupted: { delivered: true } });
  });

  it('41029 is not "spent by the earlier send" on the subscribe channel: it is a spent credential', () => {
    const decision = decideAttempt({
      channel: 'subscribe',
      credentialKind: 'subscription',
      failure: wx(SUBSCRIBE_API, 41029, 'form id used count reach limit'),
      resumed: true,
    });
    expect(decision).toMatchObject({ step: 'next', credential: 'retire' });
    expect(decision.interrupted).toBeUndefined();
  });

  it('a resent form id going through proves the interrupted send never arrived', () => {
    const decision = decideAttempt({
      channel: 'template',
      credentialKind: 'form_id',
      failure: undefined,
      resumed: true,
    });
    expect(decision.step).toBe('sent');
    expect(decision.interrupted).toEqual({
      delivered: false,
      note: 'not delivered: interrupted before WeChat took it (the resend with the same form id went through)',
    });
  });

  it('a resent prepay_id going through leaves the interrupted outcome unknown (at least once)', () => {
    const decision = decideAttempt({
      channel: 'template',
      credentialKind: 'prepay_id',
      failure: undefined,
      resumed: true,
    });
    expect(decision.interrupted).toEqual({
      delivered: false,
      note: 'interrupted, outcome unknown: resent with the same prepay_id',
    });
  });
});
