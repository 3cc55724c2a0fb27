// GET /admin/card-redemptions/daily: redemptions per calendar day of a merchant's time zone. The
// database does the zone arithmetic (its tz data also judges the zone name); days without a
// redemption are filled in here.

import {
  type AdminCardRedemptionsDailyQuery,
  type AdminCardRedemptionsDailyReply,
  MAX_REDEMPTION_DAYS,
} from '@checkout/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { RedemptionRangeInvalidError, TimeZoneUnknownError } from '../errors.js';

/** The count per day that has any; the range is read through the create_time indexes. */
export function dailyRedemptionCounts(db: Kysely<Database>, query: AdminCardRedemptionsDailyQuery) {
  const zone = query.timeZone;
  let counted = db
    .selectFrom('push_card_redemptions')
    .where('create_time', '>=', sql<Date>`(${query.from}::date)::timestamp AT TIME ZONE ${zone}`)
    .where('create_time', '<', sql<Date>`(${query.to}::date + 1)::timestamp AT TIME ZONE ${zone}`);
  if (query.cardId) counted = counted.where('card_id', '=', query.cardId);
  if (query.code) counted = counted.where('user_card_code', '=', query.code);
  return counted
    .select((eb) => [
      sql<string>`to_char(create_time AT TIME ZONE ${zone}, 'YYYY-MM-DD')`.as('day'),
      eb.fn.countAll<string>().as('count'),
    ])
    .groupBy('day');
}

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive): plain calendar arithmetic, no zone. */
export function calendarDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Why the range cannot be counted (backwards, or longer than a request may count), or undefined. */
export function rangeProblem(from: string, to: string): string | undefined {
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (span < 1) return `to (${to}) is before from (${from})`;
  if (span > MAX_REDEMPTION_DAYS) {
    return `from ${from} to ${to} is ${span} days; at most ${MAX_REDEMPTION_DAYS} days per request`;
  }
  return undefined;
}

/** PostgreSQL's "invalid_parameter_value", raised for a time zone its tz data does not know. */
const INVALID_PARAMETER_VALUE = '22023';

export async function countCardRedemptionsPerDay(
  db: Kysely<Database>,
  query: AdminCardRedemptionsDailyQuery,
): Promise<AdminCardRedemptionsDailyReply> {
  const problem = rangeProblem(query.from, query.to);
  if (problem) throw new RedemptionRangeInvalidError(problem);
  let rows: { day: string; count: string }[];
  try {
    rows = await dailyRedemptionCounts(db, query).execute();
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === INVALID_PARAMETER_VALUE && message?.includes('time zone')) {
      throw new TimeZoneUnknownError(query.timeZone);
    }
    throw error;
  }
  const counts = new Map(rows.map((row) => [row.day, Number(row.count)]));
  const days = calendarDays(query.from, query.to).map((day) => ({ day, count: counts.get(day) ?? 0 }));
  return {
    timeZone: query.timeZone,
    days,
    total: days.reduce((sum, day) => sum + day.count, 0),
  };
}
