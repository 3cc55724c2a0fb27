// WeChat's value rules for subscribe-message keys (the key's type is its name without the trailing
// number: `thing1` -> `thing`). A value that breaks its rule makes WeChat answer 47003.
// Source: subscribeMessage.send, 订阅消息参数值内容限制说明; the cases in subscribe-value-cases.ts pin it.

export type SubscribeKeyType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase';

// "Symbols are the common symbols other than Chinese, English and digits, never control characters."
const SYMBOL = String.raw`[\p{P}\p{S}]`;
const HAN = String.raw`\p{Script=Han}`;
const HOUR_MINUTE = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const MONTH = '(?:0?[1-9]|1[0-2])';
const DAY = String.raw`(?:0?[1-9]|[12]\d|3[01])`;
// y年m月d日, y年m月, m月d日, or one of - / . between the parts (2018-01-01, 2018-01, 01-01).
const JOINED = ['-', '/', '\\.'].map((sep) => `\\d{4}${sep}${MONTH}(?:${sep}${DAY})?|${MONTH}${sep}${DAY}`);
const DAY_OF_YEAR = `(?:\\d{4}年${MONTH}月(?:${DAY}日)?|${MONTH}月${DAY}日|${JOINED.join('|')})`;
/** One value, or two joined by `~` ("支持填时间段，两个时间点之间用“~”符号连接"). */
const orRange = (one: string) => new RegExp(`^${one}(?:\\s*~\\s*${one})?$`, 'u');

interface Rule {
  pattern: RegExp;
  describe: string;
}

export const SUBSCRIBE_VALUE_RULES: Record<SubscribeKeyType, Rule> = {
  thing: { pattern: /^[^\p{C}]{1,20}$/u, describe: 'at most 20 characters, no control characters' },
  number: { pattern: /^(?=.{1,32}$)\d+(?:\.\d+)?$/u, describe: 'digits (may be a decimal), at most 32' },
  letter: { pattern: /^[A-Za-z]{1,32}$/, describe: 'letters only, at most 32' },
  symbol: { pattern: new RegExp(`^${SYMBOL}{1,5}$`, 'u'), describe: 'symbols only, at most 5' },
  character_string: {
    pattern: new RegExp(`^(?:[A-Za-z0-9]|${SYMBOL}){1,32}$`, 'u'),
    describe: 'letters, digits and symbols, at most 32',
  },
  time: {
    pattern: orRange(`(?:${DAY_OF_YEAR}\\s+)?${HOUR_MINUTE}`),
    describe: 'a 24-hour time, optionally after a date; a range joins two with ~',
  },
  date: {
    pattern: orRange(`${DAY_OF_YEAR}(?:\\s+${HOUR_MINUTE})?`),
    describe: 'a date, optionally with a 24-hour time; a range joins two with ~',
  },
  amount: {
    pattern: /^\p{Sc}?\d{1,10}(?:\.\d{1,2})?元?$/u,
    describe: 'one optional currency symbol, at most 10 digits and 2 decimals, optionally ending in 元',
  },
  phone_number: {
    pattern: new RegExp(`^(?=.*\\d)(?:\\d|${SYMBOL}){1,17}$`, 'u'),
    describe: 'digits and symbols, at most 17',
  },
  car_number: {
    pattern: new RegExp(`^(?=.{1,8}$)${HAN}?[A-Za-z0-9]+${HAN}?$`, 'u'),
    describe: 'a licence plate of at most 8: letters and digits, Han only first or last',
  },
  name: {
    pattern: new RegExp(
      `^(?:(?=.*${HAN})(?:${HAN}|[A-Za-z ]|${SYMBOL}){1,10}|(?!.*${HAN})(?=.*[A-Za-z])(?:[A-Za-z ]|${SYMBOL}){1,20})$`,
      'u',
    ),
    describe: 'at most 10 Han characters (mixed with letters counts as Han) or 20 letters, no digits',
  },
  phrase: { pattern: new RegExp(`^${HAN}{1,5}$`, 'u'), describe: 'at most 5 Chinese characters' },
};

/** `thing12` -> `thing`; undefined for a key WeChat would not accept. */
export function subscribeKeyType(key: string): SubscribeKeyType | undefined {
  const type = key.replace(/\d+$/, '');
  return type in SUBSCRIBE_VALUE_RULES && type !== key ? (type as SubscribeKeyType) : undefined;
}

/** Returns null when the value is acceptable, else a sentence naming the problem. */
export function checkSubscribeValue(key: string, value: string): string | null {
  const type = subscribeKeyType(key);
  if (!type) return `${key} is not a subscribe-message key (expected e.g. thing1, amount2)`;
  if (value.length === 0) return `${key} is empty`;
  const rule = SUBSCRIBE_VALUE_RULES[type];
  return rule.pattern.test(value) ? null : `${key} must be ${rule.describe}`;
}
