import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayEndIso,
  dayIn,
  dayStartIso,
  formatInstant,
  isKnownTimeZone,
  timeZoneLabel,
} from '../src/time/zone-time.js';

describe('times in the merchant’s zone', () => {
  it('shows an order paid at 10:47 Beijing time as 10:47, whatever zone the browser is in', () => {
    expect(formatInstant('2024-05-01T02:47:05.000Z', 'Asia/Shanghai')).toBe('2024-05-01 10:47:05');
    expect(formatInstant('2024-05-01T02:47:05.000Z', 'UTC')).toBe('2024-05-01 02:47:05');
    expect(formatInstant('2024-05-01T16:00:00.000Z', 'Asia/Shanghai')).toBe('2024-05-02 00:00:00');
    expect(formatInstant(undefined, 'Asia/Shanghai')).toBe('—');
    expect(formatInstant('not a time', 'Asia/Shanghai')).toBe('not a time');
  });

  it('turns a picked day into the instants the admin routes filter on', () => {
    expect(dayStartIso('2024-05-01', 'Asia/Shanghai')).toBe('2024-04-30T16:00:00.000Z');
    expect(dayEndIso('2024-05-01', 'Asia/Shanghai')).toBe('2024-05-01T15:59:59.999Z');
    expect(dayStartIso('', 'Asia/Shanghai')).toBeUndefined();
    expect(dayEndIso('', 'Asia/Shanghai')).toBeUndefined();
  });

  it('follows daylight saving time where the zone has it', () => {
    // London moved to BST on 2024-03-31: that day began at UTC midnight and had 23 hours.
    expect(dayStartIso('2024-03-31', 'Europe/London')).toBe('2024-03-31T00:00:00.000Z');
    expect(dayEndIso('2024-03-31', 'Europe/London')).toBe('2024-03-31T22:59:59.999Z');
    expect(dayStartIso('2024-07-01', 'America/Los_Angeles')).toBe('2024-07-01T07:00:00.000Z');
  });

  it('knows which day it is in the zone', () => {
    const at = Date.parse('2024-05-01T17:00:00Z');
    expect(dayIn('Asia/Shanghai', at)).toBe('2024-05-02');
    expect(dayIn('UTC', at)).toBe('2024-05-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });

  it('names the zone next to the times', () => {
    expect(timeZoneLabel('Asia/Shanghai')).toBe('北京时间');
    expect(timeZoneLabel('Europe/Paris')).toBe('Europe/Paris');
    expect(isKnownTimeZone('Asia/Shanghai')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});
