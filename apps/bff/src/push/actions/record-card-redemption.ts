// Built-in action: a user_consume_card event becomes one card redemption row (UNIQUE per event).

import { type ActionContext, PermanentActionError, type StoredPushEvent } from './action-types.js';

function text(payload: Record<string, unknown>, field: string): string | null {
  const value = payload[field];
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return String(value);
  return null;
}

export async function recordCardRedemption(event: StoredPushEvent, { db }: ActionContext): Promise<void> {
  const { payload } = event;
  const cardId = text(payload, 'CardId');
  const code = text(payload, 'UserCardCode');
  if (!cardId || !code || !event.openid) {
    throw new PermanentActionError('event has no CardId, UserCardCode or FromUserName to record');
  }
  await db
    .insertInto('push_card_redemptions')
    .values({
      event_id: event.id,
      appid: event.appid,
      card_id: cardId,
      user_card_code: code,
      consume_source: text(payload, 'ConsumeSource'),
      location_name: text(payload, 'LocationName'),
      staff_openid: text(payload, 'StaffOpenId'),
      verify_code: text(payload, 'VerifyCode'),
      remark_amount: text(payload, 'RemarkAmount'),
      outer_str: text(payload, 'OuterStr'),
      openid: event.openid,
      create_time: event.createTime,
    })
    .onConflict((c) => c.column('event_id').doNothing())
    .execute();
}
