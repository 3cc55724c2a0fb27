// The two notices the product sends, in both WeChat channels. Template keywords and subscribe keys
// mirror the templates a merchant picks in the WeChat admin; the ids themselves come from config.

import { fenToYuanString } from './money.js';

export type NoticeKind = 'pay_success' | 'shipped';
export type NoticeChannel = 'subscribe' | 'template';
export const NOTICE_KINDS: readonly NoticeKind[] = ['pay_success', 'shipped'];
export const NOTICE_CHANNELS: readonly NoticeChannel[] = ['subscribe', 'template'];

/** The order facts a notice is built from. */
export interface NoticeFacts {
  sn: string;
  amountFen: number;
  itemsSummary: string;
  /** ISO instant */
  paidAt: string;
  carrier?: string;
  trackingNo?: string;
  /** ISO instant */
  shippedAt?: string;
}

export type TemplateData = Record<string, { value: string; color?: string }>;
export type SubscribeData = Record<string, { value: string }>;

export interface NoticeDefinition {
  kind: NoticeKind;
  /** What the shopper sees as the notice title in the service-notice list. */
  title: string;
  /** Keyword labels of the legacy template, in keyword1..N order. */
  templateKeywords: readonly string[];
  /** Which keyword the legacy template enlarges (emphasis_keyword), e.g. "keyword2.DATA". */
  emphasisKeyword?: string;
  /** Subscribe keys and their labels. */
  subscribeKeys: Readonly<Record<string, string>>;
  /** The mini-program page the notice opens. */
  page(facts: NoticeFacts): string;
  templateData(facts: NoticeFacts): TemplateData;
  subscribeData(facts: NoticeFacts): SubscribeData;
}

/** `2026-11-23T06:05:00Z` -> `2026-11-23 14:05` (China Standard Time, UTC+8, no DST). */
export function formatChinaTime(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 16).replace('T', ' ');
}

/** WeChat's `thing` values hold at most 20 characters. */
export function truncateThing(text: string, max = 20): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const orderPage = (facts: NoticeFacts) => `pages/cart/results/index?status=1&type=pay&sn=${facts.sn}`;

export const PAY_SUCCESS_NOTICE: NoticeDefinition = {
  kind: 'pay_success',
  title: '订单支付成功通知',
  templateKeywords: ['订单编号', '支付金额', '商品名称', '支付时间'],
  emphasisKeyword: 'keyword2.DATA',
  subscribeKeys: {
    character_string1: '订单编号',
    amount2: '支付金额',
    thing3: '商品名称',
    time4: '支付时间',
  },
  page: orderPage,
  templateData: (f) => ({
    keyword1: { value: f.sn },
    keyword2: { value: `${fenToYuanString(f.amountFen)}元` },
    keyword3: { value: f.itemsSummary },
    keyword4: { value: formatChinaTime(f.paidAt) },
  }),
  subscribeData: (f) => ({
    character_string1: { value: f.sn },
    amount2: { value: `${fenToYuanString(f.amountFen)}元` },
    thing3: { value: truncateThing(f.itemsSummary) },
    time4: { value: formatChinaTime(f.paidAt) },
  }),
};

export const SHIPPED_NOTICE: NoticeDefinition = {
  kind: 'shipped',
  title: '订单发货通知',
  templateKeywords: ['订单编号', '快递公司', '快递单号', '发货时间', '商品名称'],
  emphasisKeyword: 'keyword3.DATA',
  subscribeKeys: {
    character_string1: '订单编号',
    thing2: '快递公司',
    character_string3: '快递单号',
    time4: '发货时间',
    thing5: '商品名称',
  },
  page: (f) => `pages/orders/index?sn=${f.sn}`,
  templateData: (f) => ({
    keyword1: { value: f.sn },
    keyword2: { value: f.carrier ?? '' },
    keyword3: { value: f.trackingNo ?? '' },
    keyword4: { value: formatChinaTime(f.shippedAt ?? f.paidAt) },
    keyword5: { value: f.itemsSummary },
  }),
  subscribeData: (f) => ({
    character_string1: { value: f.sn },
    thing2: { value: truncateThing(f.carrier ?? '') },
    character_string3: { value: f.trackingNo ?? '' },
    time4: { value: formatChinaTime(f.shippedAt ?? f.paidAt) },
    thing5: { value: truncateThing(f.itemsSummary) },
  }),
};

export const NOTICES: Readonly<Record<NoticeKind, NoticeDefinition>> = {
  pay_success: PAY_SUCCESS_NOTICE,
  shipped: SHIPPED_NOTICE,
};

/**
 * Template ids the WeChat emulator registers by default and the demo configures. On live WeChat
 * the merchant copies their own ids from the admin into NOTICE_* variables.
 */
export const DEMO_TEMPLATE_IDS = {
  template: { pay_success: 'demo-tpl-pay-success', shipped: 'demo-tpl-shipped' },
  subscribe: { pay_success: 'demo-sub-pay-success', shipped: 'demo-sub-shipped' },
} as const satisfies Record<NoticeChannel, Record<NoticeKind, string>>;
