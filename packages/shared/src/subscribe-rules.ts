// WeChat's value rules for subscribe-message keys (the key's type is its name without the trailing
// number: `thing1` -> `thing`). A value that breaks its rule makes WeChat answer 47003.

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

const TIME_24H = /^(\d{4}[-年/]\d{1,2}[-月/]\d{1,2}日?\s+)?\d{1,2}:\d{2}(:\d{2})?$/;
const DATE = /^\d{4}[-年/]\d{1,2}[-月/]\d{1,2}日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$/;

interface Rule {
  maxLength: number;
  pattern?: RegExp;
  describe: string;
}

export const SUBSCRIBE_VALUE_RULES: Record<SubscribeKeyType, Rule> = {
  thing: { maxLength: 20, describe: 'at most 20 characters' },
  number: { maxLength: 32, pattern: /^\d+(\.\d+)?$/, describe: 'digits (may be a decimal), at most 32' },
  letter: { maxLength: 32, pattern: /^[A-Za-z]+$/, describe: 'letters only, at most 32' },
  symbol: { maxLength: 5, pattern: /^[^\p{L}\p{N}\s]+$/u, describe: 'symbols only, at most 5' },
  character_string: {
    maxLength: 32,
    pattern: /^[A-Za-z0-9\-_.:#/]+$/,
    describe: 'letters, digits and symbols, at most 32',
  },
  time: { maxLength: 64, pattern: TIME_24H, describe: '24-hour time, optionally with a date' },
  date: { maxLength: 64, pattern: DATE, describe: 'a date, optionally with a 24-hour time' },
  amount: {
    maxLength: 32,
    pattern: /^(¥|￥)?\d+(\.\d{1,2})?元?$/,
    describe: 'a number with at most 2 decimals, optionally with a currency sign',
  },
  phone_number: { maxLength: 17, pattern: /^[+\d\- ]+$/, describe: 'digits, +, - and spaces, at most 17' },
  car_number: { maxLength: 8, describe: 'a licence plate, at most 8 characters' },
  name: { maxLength: 10, describe: 'at most 10 characters' },
  phrase: { maxLength: 5, pattern: /^[\p{Script=Han}]+$/u, describe: 'at most 5 Chinese characters' },
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
  const rule = SUBSCRIBE_VALUE_RULES[type];
  if (value.length === 0) return `${key} is empty`;
  if ([...value].length > rule.maxLength) return `${key} must be ${rule.describe}`;
  if (rule.pattern && !rule.pattern.test(value)) return `${key} must be ${rule.describe}`;
  return null;
}
