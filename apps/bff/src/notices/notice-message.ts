// The messages a notice sends, built from its order: the facts the templates show, and the request of
// each channel (subscribe message, legacy template message). Pure.

import { NOTICES, type NoticeFacts } from '@checkout/shared';
import type { SubscribeMessage, TemplateMessage } from '@checkout/wechat';
import type { NoticeKindValue } from '../db/order-tables.js';
import { type OrderRow, summarizeLines } from '../shop/orders.js';

export type MiniprogramState = 'developer' | 'trial' | 'formal';

export function noticeFacts(order: OrderRow, now: Date = new Date()): NoticeFacts {
  const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : undefined);
  return {
    sn: order.sn,
    amountFen: order.total_fen,
    itemsSummary: summarizeLines(order.lines),
    paidAt: iso(order.paid_at) ?? now.toISOString(),
    ...(order.carrier ? { carrier: order.carrier } : {}),
    ...(order.tracking_no ? { trackingNo: order.tracking_no } : {}),
    ...(order.shipped_at ? { shippedAt: iso(order.shipped_at) } : {}),
  };
}

/** The subscribe message: the accept is WeChat's own count per shopper and template, not in the request. */
export function subscribeMessage(
  kind: NoticeKindValue,
  order: OrderRow,
  templateId: string,
  miniprogramState: MiniprogramState,
): SubscribeMessage {
  const definition = NOTICES[kind];
  const facts = noticeFacts(order);
  return {
    touser: order.openid,
    template_id: templateId,
    page: definition.page(facts),
    data: definition.subscribeData(facts),
    miniprogram_state: miniprogramState,
    lang: 'zh_CN',
  };
}

/** The legacy template message, sent with a formId or prepay_id of the same shopper. */
export function templateMessage(
  kind: NoticeKindValue,
  order: OrderRow,
  templateId: string,
  formId: string,
): TemplateMessage {
  const definition = NOTICES[kind];
  const facts = noticeFacts(order);
  return {
    touser: order.openid,
    template_id: templateId,
    page: definition.page(facts),
    form_id: formId,
    data: definition.templateData(facts),
    ...(definition.emphasisKeyword ? { emphasis_keyword: definition.emphasisKeyword } : {}),
  };
}
