// What the BFF needs to know about one decrypted push message: its type, who sent it, when, and the
// key that makes a redelivery of the same message collide in the database.

import { createHash } from 'node:crypto';
import type { PushFields } from '@checkout/wechat';
import { PushMessageInvalidError } from './errors.js';

export interface PushMessageFacts {
  msgType: string;
  event: string | null;
  openid: string | null;
  createTime: Date;
  /** sha256 of the identity parts: a fixed width whatever EventKey holds. */
  dedupKey: string;
  /** The message as received (JSON form). */
  payload: PushFields;
  /** Top-level scalar fields as strings: XML and JSON bodies match trigger conditions alike. */
  matchFields: Record<string, string>;
}

const MAX_CREATE_TIME = 32503680000; // year 3000: anything later is not a Unix time in seconds

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasNul);
  return false;
}

export function describePushMessage(message: PushFields): PushMessageFacts {
  const matchFields: Record<string, string> = {};
  for (const [name, value] of Object.entries(message)) {
    const text = scalarText(value);
    if (text !== undefined) matchFields[name] = text;
  }
  if (hasNul(message)) throw new PushMessageInvalidError('message contains a NUL character');
  const msgType = matchFields.MsgType;
  if (!msgType) throw new PushMessageInvalidError('message has no MsgType');
  const createTimeText = matchFields.CreateTime;
  if (!createTimeText || !/^\d{1,11}$/.test(createTimeText) || Number(createTimeText) > MAX_CREATE_TIME) {
    throw new PushMessageInvalidError('message has no CreateTime in Unix seconds');
  }
  const openid = matchFields.FromUserName ?? null;
  // Event names are stored as WeChat spells them; triggers and handlers compare them without case.
  const event = msgType === 'event' ? (matchFields.Event ?? null) : null;
  let identity: string[];
  if (matchFields.MsgId) {
    // A MsgId is only unique per sender: two shoppers' messages may carry the same one. Since the SDK
    // keeps the 64-bit MsgId as its exact digits, JSON and XML pushes of one message give one key.
    identity = ['msg', openid ?? '', matchFields.MsgId];
  } else if (event !== null && openid !== null) {
    identity = ['event', openid, createTimeText, event];
    if (matchFields.UserCardCode !== undefined) identity.push('code', matchFields.UserCardCode);
    if (matchFields.EventKey !== undefined) identity.push('key', matchFields.EventKey);
  } else {
    throw new PushMessageInvalidError('message has neither MsgId nor FromUserName and Event to identify it');
  }
  return {
    msgType,
    event,
    openid,
    createTime: new Date(Number(createTimeText) * 1000),
    dedupKey: createHash('sha256').update(JSON.stringify(identity)).digest('hex'),
    payload: message,
    matchFields,
  };
}
