// The one zone every screen shows times and filters days in: Asia/Shanghai unless the merchant picks
// another in the top bar (kept in localStorage for the next visit).

import { DEFAULT_TIME_ZONE } from '@checkout/shared';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { formatInstant, isKnownTimeZone, timeZoneLabel } from './zone-time.js';

const STORAGE_KEY = 'checkout.console.timeZone';

interface TimeZoneValue {
  timeZone: string;
  /** The zone's name next to every time column, e.g. '北京时间'. */
  label: string;
  setTimeZone(timeZone: string): void;
  /** An instant as 'YYYY-MM-DD HH:mm:ss' in the zone. */
  formatTime(iso: string | undefined): string;
}

const TimeZoneContext = createContext<TimeZoneValue | null>(null);

function storedTimeZone(): string {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored && isKnownTimeZone(stored) ? stored : DEFAULT_TIME_ZONE;
}

export function TimeZoneProvider({ children }: { children: ReactNode }) {
  const [timeZone, setState] = useState(storedTimeZone);
  const setTimeZone = useCallback((next: string) => {
    localStorage.setItem(STORAGE_KEY, next);
    setState(next);
  }, []);
  const value = useMemo(
    () => ({
      timeZone,
      label: timeZoneLabel(timeZone),
      setTimeZone,
      formatTime: (iso: string | undefined) => formatInstant(iso, timeZone),
    }),
    [timeZone, setTimeZone],
  );
  return <TimeZoneContext.Provider value={value}>{children}</TimeZoneContext.Provider>;
}

export function useTimeZone(): TimeZoneValue {
  const value = useContext(TimeZoneContext);
  if (!value) throw new Error('useTimeZone needs a <TimeZoneProvider> above it');
  return value;
}
