// Date-input values (YYYY-MM-DD, the merchant's local day) to the instants the admin routes filter on.

/** Start of the local day, as an ISO instant; undefined for an empty input. */
export function dayStartIso(day: string): string | undefined {
  const d = parseDay(day);
  return d?.toISOString();
}

/** Last millisecond of the local day, as an ISO instant; undefined for an empty input. */
export function dayEndIso(day: string): string | undefined {
  const d = parseDay(day);
  if (!d) return undefined;
  d.setDate(d.getDate() + 1);
  return new Date(d.getTime() - 1).toISOString();
}

function parseDay(day: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}
