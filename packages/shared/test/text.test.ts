import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { Text } from '../src/text.js';

describe('Text', () => {
  const sku = Text({ minLength: 1, maxLength: 64 });

  it.each(['drip-bags-10', '挂耳咖啡 10 包', 'emoji ☕ and U+0080 \u0080', ' spaces '])(
    'accepts %j',
    (value) => {
      expect(Value.Check(sku, value)).toBe(true);
    },
  );

  it.each([
    ['NUL', 'drip\u0000bags'],
    ['tab', 'drip\tbags'],
    ['newline', 'drip\nbags'],
    ['carriage return', 'drip\r'],
    ['escape', '\u001b[31m'],
    ['unit separator', 'a\u001fb'],
    ['DEL', 'drip\u007f'],
  ])('refuses a %s', (_name, value) => {
    expect(Value.Check(sku, value)).toBe(false);
  });

  it('keeps the other limits', () => {
    expect(Value.Check(sku, '')).toBe(false);
    expect(Value.Check(sku, 'x'.repeat(65))).toBe(false);
  });
});
