// The trigger form's text fields <-> the admin API's trigger bodies, with the checks the merchant
// should hear about before a round trip.

import type { CreateTriggerBody, Trigger, TriggerAction, UpdateTriggerBody } from '@checkout/shared';

export type ActionType = TriggerAction['type'];

export interface TriggerDraft {
  name: string;
  enabled: boolean;
  maxAttempts: string;
  appid: string;
  msgType: string;
  event: string;
  /** One `Field=value` per line, e.g. `ConsumeSource=FROM_API`. */
  fields: string;
  actionType: ActionType;
  forwardUrl: string;
  forwardSecret: string;
  handlerName: string;
}

export const EMPTY_DRAFT: TriggerDraft = {
  name: '',
  enabled: true,
  maxAttempts: '',
  appid: '',
  msgType: 'event',
  event: 'user_consume_card',
  fields: '',
  actionType: 'record-card-redemption',
  forwardUrl: '',
  forwardSecret: '',
  handlerName: '',
};

export function draftFromTrigger(trigger: Trigger): TriggerDraft {
  const { condition, action } = trigger;
  return {
    name: trigger.name,
    enabled: trigger.enabled,
    maxAttempts: String(trigger.maxAttempts),
    appid: condition.appid ?? '',
    msgType: condition.msgType ?? '',
    event: condition.event ?? '',
    fields: Object.entries(condition.fields ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
    actionType: action.type,
    forwardUrl: action.type === 'forward' ? action.url : '',
    forwardSecret: '',
    handlerName: action.type === 'handler' ? action.name : '',
  };
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

function parseFields(text: string): Result<Record<string, string> | undefined> {
  const fields: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!FIELD_NAME.test(key)) {
      return { ok: false, error: `字段条件第 ${index + 1} 行应写成 字段名=值，字段名以字母开头` };
    }
    fields[key] = line.slice(eq + 1).trim();
  }
  return { ok: true, value: Object.keys(fields).length > 0 ? fields : undefined };
}

function parseAction(draft: TriggerDraft, keepSecret: boolean): Result<TriggerAction | undefined> {
  switch (draft.actionType) {
    case 'record-card-redemption':
      return { ok: true, value: { type: 'record-card-redemption' } };
    case 'handler':
      if (!draft.handlerName.trim()) return { ok: false, error: '请填写处理函数名称' };
      return { ok: true, value: { type: 'handler', name: draft.handlerName.trim() } };
    case 'forward': {
      const url = draft.forwardUrl.trim();
      if (!/^https:\/\/\S+$/.test(url)) return { ok: false, error: '转发地址必须是 https:// 开头的网址' };
      const secret = draft.forwardSecret;
      // The server never returns the secret: an untouched forward action is left as it is.
      if (!secret && keepSecret) return { ok: true, value: undefined };
      if (secret.length < 16) return { ok: false, error: '签名密钥至少 16 个字符' };
      return { ok: true, value: { type: 'forward', url, secret } };
    }
  }
}

function parseCommon(draft: TriggerDraft) {
  const name = draft.name.trim();
  if (!name) return { ok: false as const, error: '请填写触发器名称' };
  const maxAttempts = draft.maxAttempts.trim() ? Number(draft.maxAttempts) : undefined;
  if (
    maxAttempts !== undefined &&
    !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 20)
  ) {
    return { ok: false as const, error: '最多尝试次数应为 1–20 的整数' };
  }
  const fields = parseFields(draft.fields);
  if (!fields.ok) return fields;
  const condition = {
    ...(draft.appid.trim() ? { appid: draft.appid.trim() } : {}),
    ...(draft.msgType.trim() ? { msgType: draft.msgType.trim() } : {}),
    ...(draft.event.trim() ? { event: draft.event.trim() } : {}),
    ...(fields.value ? { fields: fields.value } : {}),
  };
  return { ok: true as const, name, maxAttempts, condition };
}

export function createBody(draft: TriggerDraft): Result<CreateTriggerBody> {
  const common = parseCommon(draft);
  if (!common.ok) return common;
  const action = parseAction(draft, false);
  if (!action.ok) return action;
  return {
    ok: true,
    value: {
      name: common.name,
      enabled: draft.enabled,
      condition: common.condition,
      action: action.value!,
      ...(common.maxAttempts !== undefined ? { maxAttempts: common.maxAttempts } : {}),
    },
  };
}

export function updateBody(draft: TriggerDraft, existing: Trigger): Result<UpdateTriggerBody> {
  const common = parseCommon(draft);
  if (!common.ok) return common;
  const unchangedForward =
    existing.action.type === 'forward' &&
    draft.actionType === 'forward' &&
    existing.action.url === draft.forwardUrl.trim();
  const action = parseAction(draft, unchangedForward);
  if (!action.ok) return action;
  return {
    ok: true,
    value: {
      name: common.name,
      enabled: draft.enabled,
      condition: common.condition,
      ...(action.value ? { action: action.value } : {}),
      ...(common.maxAttempts !== undefined ? { maxAttempts: common.maxAttempts } : {}),
    },
  };
}

export const ACTION_LABELS: Record<ActionType, string> = {
  'record-card-redemption': '记录卡券核销',
  forward: '转发到网址',
  handler: '代码处理函数',
};
export function describeCondition(trigger: Trigger): string {
  const { appid, msgType, event, fields } = trigger.condition;
  const parts = [
    appid && `AppID=${appid}`,
    msgType && `MsgType=${msgType}`,
    event && `Event=${event}`,
    ...Object.entries(fields ?? {}).map(([key, value]) => `${key}=${value}`),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('，') : '所有消息';
}

export function describeAction(trigger: Trigger): string {
  const { action } = trigger;
  if (action.type === 'forward') return `${ACTION_LABELS.forward}：${action.url}`;
  if (action.type === 'handler') return `${ACTION_LABELS.handler}：${action.name}`;
  return ACTION_LABELS[action.type];
}
