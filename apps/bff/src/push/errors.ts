// The message-push error catalogue: each names the problem; the status tells WeChat whether to retry.

import createError from '@fastify/error';

export const PushAppUnknownError = createError<[string]>(
  'PUSH_APP_UNKNOWN',
  'no message-push configuration for appid %s (see WECHAT_PUSH_APPS)',
  404,
);
export const PushSignatureError = createError<[string]>('PUSH_SIGNATURE_INVALID', '%s', 401);
export const PushAppidMismatchError = createError<[string]>('PUSH_APPID_MISMATCH', '%s', 401);
export const PushBodyInvalidError = createError<[string]>('PUSH_BODY_INVALID', '%s', 400);
export const PushMessageInvalidError = createError<[string]>('PUSH_MESSAGE_INVALID', '%s', 400);
// 503 so WeChat retries the delivery; the message stays generic (5xx never explain themselves).
export const PushStoreUnavailableError = createError<[string]>('PUSH_STORE_UNAVAILABLE', '%s', 503);
export const RedemptionRangeInvalidError = createError<[string]>('REDEMPTION_RANGE_INVALID', '%s', 400);
export const TimeZoneUnknownError = createError<[string]>(
  'TIME_ZONE_UNKNOWN',
  'timeZone %s is not a known IANA time zone',
  400,
);
export const TriggerNotFoundError = createError<[number]>('TRIGGER_NOT_FOUND', 'trigger %s not found', 404);
export const TriggerNameTakenError = createError<[string]>(
  'TRIGGER_NAME_TAKEN',
  'a trigger named "%s" exists',
  409,
);
export const TriggerActionInvalidError = createError<[string]>('TRIGGER_ACTION_INVALID', '%s', 400);
