import { describe, expect, it } from 'vitest';
import { describePushMessage } from '../../src/push/push-message.js';

const event = {
  ToUserName: 'gh_1',
  FromUserName: 'oUser',
  CreateTime: '1714112445',
  MsgType: 'event',
  Event: 'user_consume_card',
  UserCardCode: '123',
};

describe('describePushMessage', () => {
  it('keys messages by FromUserName + MsgId whatever else differs', () => {
    const a = describePushMessage({ MsgType: 'text', FromUserName: 'o1', CreateTime: '1', MsgId: '42' });
    const b = describePushMessage({ MsgType: 'text', FromUserName: 'o1', CreateTime: '2', MsgId: 42 });
    expect(a.dedupKey).toBe(b.dedupKey);
  });

  it("keeps two senders' messages with the same MsgId apart", () => {
    const a = describePushMessage({ MsgType: 'text', FromUserName: 'o1', CreateTime: '1', MsgId: '42' });
    const b = describePushMessage({ MsgType: 'text', FromUserName: 'o2', CreateTime: '1', MsgId: '42' });
    expect(a.dedupKey).not.toBe(b.dedupKey);
  });

  it('keys events by FromUserName, CreateTime, Event and UserCardCode', () => {
    const key = describePushMessage(event).dedupKey;
    expect(describePushMessage({ ...event, CreateTime: 1714112445 }).dedupKey).toBe(key);
    expect(describePushMessage({ ...event, Nonce: 'other' }).dedupKey).toBe(key);
    expect(describePushMessage({ ...event, UserCardCode: '124' }).dedupKey).not.toBe(key);
    expect(describePushMessage({ ...event, FromUserName: 'oOther' }).dedupKey).not.toBe(key);
    expect(describePushMessage({ ...event, CreateTime: '1714112446' }).dedupKey).not.toBe(key);
    expect(describePushMessage({ ...event, EventKey: 'k' }).dedupKey).not.toBe(key);
  });

  it('parts cannot run into each other', () => {
    const a = describePushMessage({ ...event, FromUserName: 'o:1', CreateTime: '2' }).dedupKey;
    const b = describePushMessage({
      ...event,
      FromUserName: 'o',
      CreateTime: '2',
      UserCardCode: '1:123',
    }).dedupKey;
    expect(a).not.toBe(b);
  });

  it('gives XML and JSON bodies the same match fields', () => {
    const facts = describePushMessage({ ...event, CreateTime: 1714112445, Nested: { a: 1 } });
    expect(facts.matchFields).toMatchObject({ CreateTime: '1714112445', Event: 'user_consume_card' });
    expect(facts.matchFields).not.toHaveProperty('Nested');
    expect(facts.createTime.toISOString()).toBe('2024-04-26T06:20:45.000Z');
  });

  it('refuses messages it cannot identify', () => {
    expect(() => describePushMessage({ FromUserName: 'o', CreateTime: '1' })).toThrow(
      'message has no MsgType',
    );
    expect(() => describePushMessage({ MsgType: 'text', CreateTime: '1' })).toThrow(/neither MsgId/);
    expect(() => describePushMessage({ ...event, CreateTime: 'soon' })).toThrow(/CreateTime/);
    expect(() => describePushMessage({ ...event, Event: 'a\u0000b' })).toThrow(/NUL/);
  });
});
