// Replies shaped exactly as the admin routes' schemas in @checkout/shared.

import type {
  AdminOrder,
  CardRedemption,
  NoticeLogEntry,
  PushEvent,
  Trigger,
  TriggerLogEntry,
} from '@checkout/shared';

export function order(overrides: Partial<AdminOrder> = {}): AdminOrder {
  return {
    sn: 'SN20240501001',
    status: 'paid',
    lines: [{ sku: 'tea-01', name: '龙井', priceFen: 1234, quantity: 1 }],
    totalFen: 1234,
    createdAt: '2024-05-01T02:03:04.000Z',
    paidAt: '2024-05-01T02:04:00.000Z',
    notices: [{ sn: 'SN20240501001', kind: 'pay_success', status: 'sent', channel: 'subscribe' }],
    openidMasked: 'oAbc****xyz',
    ...overrides,
  };
}

export function noticeLog(overrides: Partial<NoticeLogEntry> = {}): NoticeLogEntry {
  return {
    id: 1,
    sn: 'SN20240501001',
    kind: 'shipped',
    channel: 'template',
    credentialKind: 'prepay_id',
    attempt: 2,
    errcode: 41028,
    errmsg: 'invalid form id',
    at: '2024-05-02T03:00:00.000Z',
    ...overrides,
  };
}

export function pushEvent(overrides: Partial<PushEvent> = {}): PushEvent {
  return {
    id: 7,
    appid: 'wxtest0000000001',
    msgType: 'event',
    event: 'user_consume_card',
    openidMasked: 'oUser****abc',
    createTime: '2024-05-03T04:00:00.000Z',
    receivedAt: '2024-05-03T04:00:01.000Z',
    duplicates: 2,
    payload: { MsgType: 'event', Event: 'user_consume_card', CardId: 'pCard1', UserCardCode: '123456789' },
    ...overrides,
  };
}

export function redemption(overrides: Partial<CardRedemption> = {}): CardRedemption {
  return {
    id: 1,
    eventId: 7,
    appid: 'wxtest0000000001',
    cardId: 'pCard1',
    userCardCode: '123456789',
    consumeSource: 'FROM_API',
    locationName: '南山店',
    staffOpenidMasked: 'oStaff****1',
    remarkAmount: '50',
    openidMasked: 'oUser****abc',
    createTime: '2024-05-03T04:00:00.000Z',
    ...overrides,
  };
}

export function trigger(overrides: Partial<Trigger> = {}): Trigger {
  return {
    id: 3,
    name: '记录核销',
    enabled: true,
    condition: { msgType: 'event', event: 'user_consume_card' },
    action: { type: 'record-card-redemption' },
    maxAttempts: 5,
    createdAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    ...overrides,
  };
}

export function triggerLog(overrides: Partial<TriggerLogEntry> = {}): TriggerLogEntry {
  return {
    id: 11,
    runId: 5,
    triggerId: 3,
    triggerName: '记录核销',
    eventId: 7,
    attempt: 1,
    status: 'succeeded',
    durationMs: 12,
    at: '2024-05-03T04:00:02.000Z',
    ...overrides,
  };
}
