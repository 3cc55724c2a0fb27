// The trigger form's text fields <-> the admin API's trigger bodies. What a valid body is, is the
// shared schema's say (the BFF validates with the same one); only the form's own text format (one
// `Field=value` per line) is read here.

import { CreateTriggerBody, type Trigger, type TriggerAction, UpdateTriggerBody } from '@checkout/shared';
import { type FieldTexts, schemaProblem } from './forms/schema-problem.js';

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

const TRIGGER_FIELDS: FieldTexts = {
  '/name': { label: '触发器名称' },
  '/enabled': { label: '启用' },
  '/maxAttempts': { label: '最多尝试次数' },
  '/condition/appid': { label: 'AppID' },
  '/condition/msgType': { label: 'MsgType' },
  '/condition/event': { label: 'Event' },
  '/condition/fields': { label: '字段条件' },
  '/action/url': { label: '转发地址' },
  '/action/secret': { label: '签名密钥' },
  '/action/name': { label: '处理函数名称' },
};

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

interface ParsedFields {
  fields: Record<string, string> | undefined;
  /** The form line each field name came from, to point at it. */
  lineOf: Map<string, number>;
}

function parseFields(text: string): Result<ParsedFields> {
  const fields: Record<string, string> = {};
  const lineOf = new Map<string, number>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!key) return { ok: false, error: `字段条件第 ${index + 1} 行应写成 字段名=值` };
    fields[key] = line.slice(eq + 1).trim();
    lineOf.set(key, index + 1);
  }
  return { ok: true, value: { fields: Object.keys(fields).length > 0 ? fields : undefined, lineOf } };
}

/** The action as the form states it; undefined leaves a forward action (and its secret) as it is. */
function draftAction(draft: TriggerDraft, keepSecret: boolean): TriggerAction | undefined {
  switch (draft.actionType) {
    case 'record-card-redemption':
      return { type: 'record-card-redemption' };
    case 'handler':
      return { type: 'handler', name: draft.handlerName.trim() };
    case 'forward':
      // The server never returns the secret: an untouched forward action is not resent.
      if (!draft.forwardSecret && keepSecret) return undefined;
      return { type: 'forward', url: draft.forwardUrl.trim(), secret: draft.forwardSecret };
  }
}

/** The body the form describes, checked against the schema the BFF will check it with. */
function checkedBody<T>(
  schema: typeof CreateTriggerBody | typeof UpdateTriggerBody,
  draft: TriggerDraft,
  action: TriggerAction | undefined,
): Result<T> {
  const parsed = parseFields(draft.fields);
  if (!parsed.ok) return parsed;
  const maxAttempts = draft.maxAttempts.trim();
  const condition = {
    ...(draft.appid.trim() ? { appid: draft.appid.trim() } : {}),
    ...(draft.msgType.trim() ? { msgType: draft.msgType.trim() } : {}),
    ...(draft.event.trim() ? { event: draft.event.trim() } : {}),
    ...(parsed.value.fields ? { fields: parsed.value.fields } : {}),
  };
  const body = {
    name: draft.name.trim(),
    enabled: draft.enabled,
    condition,
    ...(action ? { action } : {}),
    ...(maxAttempts ? { maxAttempts: Number(maxAttempts) } : {}),
  };
  const problem = schemaProblem(schema, body, TRIGGER_FIELDS);
  if (!problem) return { ok: true, value: body as T };
  const fieldName = /^\/condition\/fields\/(.+)$/.exec(problem.path)?.[1];
  const line = fieldName && parsed.value.lineOf.get(fieldName);
  return { ok: false, error: line ? `字段条件第 ${line} 行：${problem.message}` : problem.message };
}

export function createBody(draft: TriggerDraft): Result<CreateTriggerBody> {
  return checkedBody(CreateTriggerBody, draft, draftAction(draft, false));
}

export function updateBody(draft: TriggerDraft, existing: Trigger): Result<UpdateTriggerBody> {
  const unchangedForward =
    existing.action.type === 'forward' &&
    draft.actionType === 'forward' &&
    existing.action.url === draft.forwardUrl.trim();
  return checkedBody(UpdateTriggerBody, draft, draftAction(draft, unchangedForward));
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
