// Instants shown, and calendar days picked, in one IANA time zone: the merchant's, not the browser's.

import { DEFAULT_TIME_ZONE } from '@checkout/shared';

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock in the zone at an instant, as the digits of 'YYYY-MM-DD HH:mm:ss'. */
function wallClock(ms: number, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) parts[part.type] = part.value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
  };
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** '2024-05-01T02:47:00Z' in Asia/Shanghai -> '2024-05-01 10:47:00'; '—' when there is no time. */
export function formatInstant(iso: string | undefined, timeZone: string): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const { day, time } = wallClock(ms, timeZone);
  return `${day} ${time}`;
}

/** The calendar day (YYYY-MM-DD) the zone is in at an instant. */
export function dayIn(timeZone: string, at: number = Date.now()): string {
  return wallClock(at, timeZone).day;
}

/** A calendar day plus `count` days (negative goes back); no zone involved. */
export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const { day, time } = wallClock(ms, timeZone);
  return Date.parse(`${day}T${time}Z`) - (ms - (((ms % 1000) + 1000) % 1000));
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant the zone's day begins; a second pass settles days that start after a DST change. */
function dayStartMs(day: string, timeZone: string): number {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  const guess = midnightUtc - offsetAt(midnightUtc, timeZone);
  return midnightUtc - offsetAt(guess, timeZone);
}

/** First instant of the zone's day as ISO, for the admin routes' `from`; undefined for no day. */
export function dayStartIso(day: string, timeZone: string): string | undefined {
  if (!DAY.test(day)) return undefined;
  return new Date(dayStartMs(day, timeZone)).toISOString();
}

/** Last millisecond of the zone's day as ISO, for the admin routes' `to`; undefined for no day. */
export function dayEndIso(day: string, timeZone: string): string | undefined {
  if (!DAY.test(day)) return undefined;
  return new Date(dayStartMs(addDays(day, 1), timeZone) - 1).toISOString();
}

/** The zones a merchant can pick; China's first, as the mini-program and the notices use it. */
export const TIME_ZONE_LABELS: Record<string, string> = {
  [DEFAULT_TIME_ZONE]: '北京时间',
  'Asia/Hong_Kong': '香港时间',
  'Asia/Taipei': '台北时间',
  'Asia/Singapore': '新加坡时间',
  'Asia/Tokyo': '东京时间',
  'Europe/London': '伦敦时间',
  'America/Los_Angeles': '洛杉矶时间',
  UTC: 'UTC',
};

/** What the zone is called next to a time: '北京时间', or its IANA name when it has no Chinese one. */
export function timeZoneLabel(timeZone: string): string {
  return TIME_ZONE_LABELS[timeZone] ?? timeZone;
}
