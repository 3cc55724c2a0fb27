import { describe, expect, it } from 'vitest';
import { checkSubscribeValue, subscribeKeyType } from '../src/subscribe-rules.js';

describe('subscribe value rules', () => {
  it('reads the key type from the key name', () => {
    expect(subscribeKeyType('thing12')).toBe('thing');
    expect(subscribeKeyType('character_string1')).toBe('character_string');
    expect(subscribeKeyType('thing')).toBeUndefined();
    expect(subscribeKeyType('colour1')).toBeUndefined();
  });

  it.each([
    ['thing1', '一二三四五六七八九十一二三四五六七八九十'],
    ['amount2', '12.34元'],
    ['amount2', '¥0.01'],
    ['character_string3', 'SN20261123-0001'],
    ['time4', '2026-11-23 14:05'],
    ['date5', '2026年11月23日'],
    ['number6', '42'],
    ['phrase7', '已发货'],
  ])('accepts %s = %s', (key, value) => {
    expect(checkSubscribeValue(key, value)).toBeNull();
  });

  it.each([
    ['thing1', '一二三四五六七八九十一二三四五六七八九十一', 'at most 20'],
    ['amount2', '12.345', 'at most 2 decimals'],
    ['character_string3', '订单号', 'letters, digits'],
    ['character_string3', 'x'.repeat(33), 'at most 32'],
    ['time4', 'tomorrow', '24-hour time'],
    ['number6', '4a', 'digits'],
    ['phrase7', 'shipped', 'Chinese'],
    ['thing1', '', 'empty'],
    ['bogus1', 'x', 'not a subscribe-message key'],
  ])('refuses %s = %s', (key, value, problem) => {
    expect(checkSubscribeValue(key, value)).toContain(problem);
  });
});
