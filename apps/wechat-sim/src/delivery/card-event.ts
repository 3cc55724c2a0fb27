// Card and coupon events as WeChat pushes them to the Official Account's server URL (卡券事件推送):
// FromUserName is the shopper, CreateTime virtual seconds.

import { randomAlnum, randomDigits } from '../ids.js';
import type { PushMessage } from './push-format.js';

export const CARD_EVENTS = [
  'user_get_card',
  'user_consume_card',
  'user_del_card',
  'user_gifting_card',
  'user_pay_from_pay_cell',
  'user_view_card',
  'user_enter_session_from_card',
  'card_pass_check',
  'card_not_pass_check',
] as const;
export type CardEvent = (typeof CARD_EVENTS)[number];

export interface CardEventInput {
  event: CardEvent;
  openid: string;
  card_id?: string;
  user_card_code?: string;
  consume_source?: string;
  location_name?: string;
  staff_open_id?: string;
  verify_code?: string;
  remark_amount?: string;
  outer_str?: string;
  is_give_by_friend?: number;
  friend_user_name?: string;
  old_user_card_code?: string;
  outer_id?: number;
  unionid?: string;
  /** Redemption through a payment (买单核销) and the store, as user_consume_card carries them. */
  out_trade_no?: string;
  trans_id?: string;
  location_id?: number;
  /** user_pay_from_pay_cell: paid and original amounts in fen. */
  fee?: number;
  original_fee?: number;
}

export function buildCardEvent(input: CardEventInput, toUserName: string, createTime: number): PushMessage {
  const message: PushMessage = {
    ToUserName: toUserName,
    FromUserName: input.openid,
    CreateTime: createTime,
    MsgType: 'event',
    Event: input.event,
    CardId: input.card_id ?? `p${randomAlnum(27)}`,
  };
  if (input.event === 'card_pass_check' || input.event === 'card_not_pass_check') return message;
  message.UserCardCode = input.user_card_code ?? randomDigits(12);
  if (input.event === 'user_consume_card') {
    message.ConsumeSource = input.consume_source ?? 'FROM_API';
    message.LocationName = input.location_name ?? '';
    message.StaffOpenId = input.staff_open_id ?? '';
    message.VerifyCode = input.verify_code ?? '';
    message.RemarkAmount = input.remark_amount ?? '';
    message.OuterStr = input.outer_str ?? '';
    message.OutTradeNo = input.out_trade_no ?? '';
    message.TransId = input.trans_id ?? '';
    message.LocationId = input.location_id ?? 0;
  }
  if (input.event === 'user_pay_from_pay_cell') {
    // 买单事件推送: TransId, LocationId, Fee (paid) and OriginalFee (before discounts), in fen.
    message.TransId = input.trans_id ?? randomDigits(28);
    message.LocationId = input.location_id ?? Number(randomDigits(9));
    message.Fee = String(input.fee ?? input.original_fee ?? 100);
    message.OriginalFee = String(input.original_fee ?? input.fee ?? 100);
  }
  if (input.event === 'user_get_card') {
    message.IsGiveByFriend = input.is_give_by_friend ?? 0;
    message.FriendUserName = input.friend_user_name ?? '';
    message.OuterId = input.outer_id ?? 0;
    message.OldUserCardCode = input.old_user_card_code ?? '';
    message.OuterStr = input.outer_str ?? '';
    message.IsRestoreMemberCard = 0;
    if (input.unionid) message.UnionId = input.unionid;
  }
  return message;
}
