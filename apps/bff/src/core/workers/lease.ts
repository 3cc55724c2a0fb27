// The one way the workers write "n milliseconds from now" in SQL: lease expiries and retry times.

import { type RawBuilder, sql } from 'kysely';

export function msFromNow(ms: number): RawBuilder<Date> {
  return sql<Date>`now() + ${Math.round(ms)} * interval '1 millisecond'`;
}
