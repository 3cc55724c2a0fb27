// The emulator's own judge of subscribe-message values, written from WeChat's value-type table
// (subscribeMessage.send, 订阅消息参数值内容限制说明), on purpose not the SDK's checker: a wrong rule
// in one of them shows up as a disagreement on the shared case table.

type CharKind = 'han' | 'letter' | 'digit' | 'symbol' | 'space' | 'other';

/** WeChat's "symbol" is a common symbol that is not Chinese, English or a digit, never a control character. */
function kindOf(char: string): CharKind {
  if (/\p{Script=Han}/u.test(char)) return 'han';
  if (/[A-Za-z]/.test(char)) return 'letter';
  if (/[0-9]/.test(char)) return 'digit';
  if (char === ' ') return 'space';
  if (/[\p{P}\p{S}]/u.test(char)) return 'symbol';
  return 'other';
}

const charsOf = (value: string) => [...value];
const only = (value: string, kinds: CharKind[]) => charsOf(value).every((c) => kinds.includes(kindOf(c)));
const count = (value: string) => charsOf(value).length;

function isClock(text: string): boolean {
  // HH:MM or HH:MM:SS, 24-hour.
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3) return false;
  const [hours, ...rest] = parts.map((p) => (/^\d{1,2}$/.test(p) ? Number(p) : Number.NaN));
  return hours! <= 23 && rest.every((n) => n <= 59) && parts.slice(1).every((p) => p.length === 2);
}

const month = (text: string | undefined) =>
  /^\d{1,2}$/.test(text ?? '') && Number(text) >= 1 && Number(text) <= 12;
const day = (text: string | undefined) =>
  /^\d{1,2}$/.test(text ?? '') && Number(text) >= 1 && Number(text) <= 31;
const year = (text: string | undefined) => /^\d{4}$/.test(text ?? '');

/** y年m月d日, y年m月, m月d日, or the parts joined by one of - / . (2018-01-01, 2018-01, 01-01). */
function isCalendarDay(text: string): boolean {
  const chinese = /^(?:(\d+)年)?(?:(\d+)月)(?:(\d+)日)?$/.exec(text);
  if (chinese) {
    const [, y, m, d] = chinese;
    if (y === undefined && d === undefined) return false;
    return (y === undefined || year(y)) && month(m) && (d === undefined || day(d));
  }
  for (const separator of ['-', '/', '.']) {
    const parts = text.split(separator);
    if (parts.length === 3) return year(parts[0]) && month(parts[1]) && day(parts[2]);
    if (parts.length === 2) return year(parts[0]) ? month(parts[1]) : month(parts[0]) && day(parts[1]);
  }
  return false;
}

/** "两个时间点之间用“~”符号连接": one point, or two joined by ~. */
function eachOfRange(value: string, point: (text: string) => boolean): boolean {
  const ends = value.split('~').map((end) => end.trim());
  return ends.length <= 2 && ends.every((end) => end !== '' && point(end));
}

function isTimePoint(text: string): boolean {
  const words = text.split(/\s+/);
  if (words.length === 1) return isClock(words[0]!);
  return words.length === 2 && isCalendarDay(words[0]!) && isClock(words[1]!);
}

function isDatePoint(text: string): boolean {
  const words = text.split(/\s+/);
  if (words.length === 1) return isCalendarDay(words[0]!);
  return words.length === 2 && isCalendarDay(words[0]!) && isClock(words[1]!);
}

function isAmount(value: string): boolean {
  let rest = value;
  // "1个币种符号+10位以内纯数字，可带小数，结尾可带“元”"
  if (/^\p{Sc}/u.test(rest)) rest = rest.slice(1);
  if (rest.endsWith('元')) rest = rest.slice(0, -1);
  const [whole, fraction, ...more] = rest.split('.');
  if (more.length > 0 || !whole || !/^\d{1,10}$/.test(whole)) return false;
  return fraction === undefined || /^\d{1,2}$/.test(fraction);
}

function isCarNumber(value: string): boolean {
  const chars = charsOf(value);
  if (chars.length === 0 || chars.length > 8) return false;
  return (
    chars.every((c, i) => {
      const kind = kindOf(c);
      const atEdge = i === 0 || i === chars.length - 1;
      return kind === 'letter' || kind === 'digit' || (atEdge && kind === 'han');
    }) && chars.some((c) => kindOf(c) !== 'han')
  );
}

/** "中文名10个汉字内；纯英文名20个字母内；中文和字母混合按中文名算，10个字内" */
function isName(value: string): boolean {
  if (!only(value, ['han', 'letter', 'symbol', 'space'])) return false;
  const kinds = charsOf(value).map(kindOf);
  if (kinds.includes('han')) return kinds.length <= 10;
  return kinds.includes('letter') && kinds.length <= 20;
}

const VALUE_TYPES = new Map<string, (value: string) => boolean>(
  Object.entries({
    thing: (v) => count(v) <= 20 && !/\p{C}/u.test(v),
    number: (v) => count(v) <= 32 && /^\d+(\.\d+)?$/.test(v),
    letter: (v) => count(v) <= 32 && only(v, ['letter']),
    symbol: (v) => count(v) <= 5 && only(v, ['symbol']),
    character_string: (v) => count(v) <= 32 && only(v, ['letter', 'digit', 'symbol']),
    time: (v) => eachOfRange(v, isTimePoint),
    date: (v) => eachOfRange(v, isDatePoint),
    amount: isAmount,
    phone_number: (v) => count(v) <= 17 && only(v, ['digit', 'symbol']) && /\d/.test(v),
    car_number: isCarNumber,
    name: isName,
    phrase: (v) => count(v) <= 5 && only(v, ['han']),
  }),
);

/** null when WeChat would take the value for this key, else the reason for the 47003. */
export function judgeSubscribeValue(key: string, value: string): string | null {
  const match = /^([a-z_]+?)(\d+)$/.exec(key);
  const judge = match ? VALUE_TYPES.get(match[1]!) : undefined;
  if (!judge) return `${key} is not a key of a known value type`;
  if (value === '') return `${key} is empty`;
  return judge(value) ? null : `${key} breaks the ${match![1]} value rule`;
}
