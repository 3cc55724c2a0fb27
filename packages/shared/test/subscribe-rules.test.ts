import { describe, expect, it } from 'vitest';
import { checkSubscribeValue, subscribeKeyType } from '../src/subscribe-rules.js';
import { SUBSCRIBE_VALUE_CASES } from '../src/subscribe-value-cases.js';

describe('subscribe value rules', () => {
  it('reads the key type from the key name', () => {
    expect(subscribeKeyType('thing12')).toBe('thing');
    expect(subscribeKeyType('character_string1')).toBe('character_string');
    expect(subscribeKeyType('thing')).toBeUndefined();
    expect(subscribeKeyType('colour1')).toBeUndefined();
  });

  it.each(
    SUBSCRIBE_VALUE_CASES.map(
      (c) => [c.valid ? 'accepts' : 'refuses', c.key, c.value, c.why, c.valid] as const,
    ),
  )('%s %s = %j (%s)', (_verb, key, value, _why, valid) => {
    expect(checkSubscribeValue(key, value) === null).toBe(valid);
  });

  it.each([
    ['thing1', '一二三四五六七八九十一二三四五六七八九十一', 'at most 20'],
    ['amount2', '12.345', '2 decimals'],
    ['character_string3', '订单号', 'letters, digits'],
    ['time4', '15:01~', '~'],
    ['thing1', '', 'empty'],
    ['bogus1', 'x', 'not a subscribe-message key'],
  ])('names the rule %s = %j breaks', (key, value, problem) => {
    expect(checkSubscribeValue(key, value)).toContain(problem);
  });
});
