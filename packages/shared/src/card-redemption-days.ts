// GET /admin/card-redemptions/daily: how many coupons were redeemed on each calendar day of a range,
// days counted in a merchant's time zone (China's by default), for the console's chart.

import { type Static, Type } from '@sinclair/typebox';
import { AdminCardRedemptionsQuery } from './push.js';

/** The zone the console and the notices show times in unless the merchant picks another. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Longest range one request may count: a year, leap day included. */
export const MAX_REDEMPTION_DAYS = 366;

// A real calendar day (format) from the Unix epoch on (pattern): PostgreSQL has no year 0.
const day = (description: string) =>
  Type.String({ format: 'date', pattern: '^(19[7-9]\\d|[2-9]\\d{3})-', description });

export const AdminCardRedemptionsDailyQuery = Type.Composite([
  Type.Object({
    from: day('The first day counted, YYYY-MM-DD, in timeZone'),
    to: day('The last day counted (inclusive), YYYY-MM-DD, in timeZone'),
    timeZone: Type.String({
      default: DEFAULT_TIME_ZONE,
      minLength: 1,
      maxLength: 64,
      // IANA names only: PostgreSQL reads a bare offset such as "+08:00" with the POSIX (inverted) sign.
      pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$',
      description: 'IANA time zone the days are counted in, e.g. Asia/Shanghai',
    }),
  }),
  // The same filters as the list of redemptions.
  Type.Pick(AdminCardRedemptionsQuery, ['cardId', 'code']),
]);
export type AdminCardRedemptionsDailyQuery = Static<typeof AdminCardRedemptionsDailyQuery>;

export const RedemptionDayCount = Type.Object({
  day: day('YYYY-MM-DD in the zone the reply names'),
  count: Type.Integer({ minimum: 0 }),
});
export type RedemptionDayCount = Static<typeof RedemptionDayCount>;

export const AdminCardRedemptionsDailyReply = Type.Object({
  timeZone: Type.String(),
  days: Type.Array(RedemptionDayCount, {
    description: 'Every day from `from` to `to`, oldest first, days without a redemption included',
  }),
  total: Type.Integer({ description: 'Redemptions in the whole range' }),
});
export type AdminCardRedemptionsDailyReply = Static<typeof AdminCardRedemptionsDailyReply>;
