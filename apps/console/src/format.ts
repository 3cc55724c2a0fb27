// Display text for the merchant: statuses, channels and notice outcomes in Chinese (times: time/).

import type { NoticeOutcome, OrderStatus, RefundStatus } from '@checkout/shared';

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  unpaid: '待支付',
  paid: '已支付',
  shipped: '已发货',
  closed: '已关闭',
  refunding: '退款中',
  partially_refunded: '部分退款',
  refunded: '已退款',
};

export const REFUND_STATUS_LABELS: Record<RefundStatus, string> = {
  processing: '退款处理中',
  succeeded: '退款成功',
  abnormal: '退款异常',
  closed: '退款关闭',
  failed: '退款失败',
};

export const NOTICE_KIND_LABELS: Record<NoticeOutcome['kind'], string> = {
  pay_success: '支付成功通知',
  shipped: '发货通知',
};

export const NOTICE_STATUS_LABELS: Record<NoticeOutcome['status'], string> = {
  pending: '发送中',
  sent: '已发送',
  failed: '发送失败',
};

export const CHANNEL_LABELS: Record<NonNullable<NoticeOutcome['channel']>, string> = {
  subscribe: '订阅消息',
  template: '模板消息',
};

export const CREDENTIAL_LABELS: Record<string, string> = {
  form_id: 'formId',
  prepay_id: 'prepay_id',
  subscription: '订阅授权',
};

/** One line for a notice outcome: "发货通知：已发送（订阅消息）" or with the WeChat error. */
export function describeNotice(notice: NoticeOutcome): string {
  const head = `${NOTICE_KIND_LABELS[notice.kind]}：${NOTICE_STATUS_LABELS[notice.status]}`;
  const channel = notice.channel ? `（${CHANNEL_LABELS[notice.channel]}）` : '';
  const error =
    notice.errcode !== undefined && notice.errcode !== 0
      ? ` 错误 ${notice.errcode}${notice.errmsg ? ` ${notice.errmsg}` : ''}`
      : '';
  return `${head}${channel}${error}`;
}
