import type { AdminCardRedemptionsDailyReply, AdminCardRedemptionsReply } from '@checkout/shared';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calendarDays,
  dailyRedemptionCounts,
  rangeProblem,
} from '../../src/push/queries/card-redemption-days.js';
import { DATABASES, type TestApp } from '../helper.js';
import { ADMIN, adminGet, buildPushApp, cardEventXml, postPush, safeRequest, waitFor } from './push-kit.js';

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

// Redemptions around Beijing midnights (UTC+8): 16:00Z is 00:00 the next day in Asia/Shanghai.
const REDEMPTIONS = [
  { CardId: 'pDayA', UserCardCode: 'A0', CreateTime: unix('2024-04-29T15:59:59Z') }, // Apr 29, before the range
  { CardId: 'pDayA', UserCardCode: 'A1', CreateTime: unix('2024-05-01T15:59:59Z') }, // May 1, 23:59:59
  { CardId: 'pDayA', UserCardCode: 'A2', CreateTime: unix('2024-05-01T16:00:00Z') }, // May 2, 00:00:00
  { CardId: 'pDayB', UserCardCode: 'B1', CreateTime: unix('2024-05-02T04:00:00Z') }, // May 2, 12:00
  { CardId: 'pDayA', UserCardCode: 'A3', CreateTime: unix('2024-05-03T02:00:00Z') }, // May 3, 10:00
  { CardId: 'pDayA', UserCardCode: 'A4', CreateTime: unix('2024-05-04T16:00:00Z') }, // May 5, after the range
];

const daily = (t: TestApp, query: string) =>
  adminGet<AdminCardRedemptionsDailyReply>(t.app, `/admin/card-redemptions/daily?${query}`);
const counts = (reply: AdminCardRedemptionsDailyReply) => reply.days.map((d) => `${d.day}:${d.count}`);

describe.each(DATABASES)('GET /admin/card-redemptions/daily on %s', (flavour) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildPushApp(flavour);
    for (const fields of REDEMPTIONS) {
      expect((await postPush(t.app, safeRequest(cardEventXml(fields)))).body).toBe('success');
    }
    // The default trigger records each redemption after the webhook has answered.
    await waitFor(async () => {
      const all = await adminGet<AdminCardRedemptionsReply>(t.app, '/admin/card-redemptions');
      return all.total === REDEMPTIONS.length ? all : undefined;
    });
  });
  afterAll(() => t.close());

  it('counts every Beijing day of the range, zeros included, by default', async () => {
    const reply = await daily(t, 'from=2024-04-30&to=2024-05-04');
    expect(reply.timeZone).toBe('Asia/Shanghai');
    expect(counts(reply)).toEqual([
      '2024-04-30:0',
      '2024-05-01:1',
      '2024-05-02:2',
      '2024-05-03:1',
      '2024-05-04:0',
    ]);
    expect(reply.total).toBe(4);
  });

  it('counts the days of the zone asked for', async () => {
    const utc = await daily(t, 'from=2024-05-01&to=2024-05-03&timeZone=UTC');
    expect(counts(utc)).toEqual(['2024-05-01:2', '2024-05-02:1', '2024-05-03:1']);
    const newYork = await daily(t, 'from=2024-05-01&to=2024-05-02&timeZone=America/New_York');
    // New York is UTC-4 in May: A3 (02:00Z on May 3) still falls on May 2 there.
    expect(counts(newYork)).toEqual(['2024-05-01:2', '2024-05-02:2']);
  });

  it('takes the same card and code filters as the list', async () => {
    const card = await daily(t, 'from=2024-05-01&to=2024-05-03&cardId=pDayA');
    expect(counts(card)).toEqual(['2024-05-01:1', '2024-05-02:1', '2024-05-03:1']);
    const code = await daily(t, 'from=2024-05-01&to=2024-05-03&code=B1');
    expect(counts(code)).toEqual(['2024-05-01:0', '2024-05-02:1', '2024-05-03:0']);
    const single = await daily(t, 'from=2024-05-02&to=2024-05-02&cardId=pDayA&code=A2');
    expect(single).toMatchObject({ days: [{ day: '2024-05-02', count: 1 }], total: 1 });
  });

  it('refuses a bad range or an unknown zone with a 400 naming it', async () => {
    const refusal = async (query: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/admin/card-redemptions/daily?${query}`,
        headers: ADMIN,
      });
      expect(res.statusCode, query).toBe(400);
      return res.json() as { message: string; code?: string };
    };
    expect(await refusal('from=2024-05-31&to=2024-05-01')).toEqual(
      expect.objectContaining({
        code: 'REDEMPTION_RANGE_INVALID',
        message: 'to (2024-05-01) is before from (2024-05-31)',
      }),
    );
    expect((await refusal('from=2023-01-01&to=2024-05-31')).message).toBe(
      'from 2023-01-01 to 2024-05-31 is 517 days; at most 366 days per request',
    );
    expect(await refusal('from=2024-05-01&to=2024-05-02&timeZone=Mars/Olympus')).toEqual(
      expect.objectContaining({
        code: 'TIME_ZONE_UNKNOWN',
        message: 'timeZone Mars/Olympus is not a known IANA time zone',
      }),
    );
    expect((await refusal('from=2024-05-01&to=2024-05-02&timeZone=%2B08:00')).message).toMatch(
      /^querystring "timeZone" must match pattern/,
    );
    expect((await refusal('from=2024-02-30&to=2024-03-02')).message).toBe(
      'querystring "from" must match format "date"',
    );
    expect((await refusal('from=0000-01-01&to=0000-01-02')).message).toMatch(
      /^querystring "from" must match pattern/,
    );
    expect((await refusal('to=2024-03-02')).message).toBe('querystring must have property "from"');
  });

  it('needs the admin token', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/admin/card-redemptions/daily?from=2024-05-01&to=2024-05-02',
    });
    expect(res.statusCode).toBe(401);
  });

  it('reads the range through an index, with and without a card filter', async () => {
    const plan = async (query: Parameters<typeof dailyRedemptionCounts>[1]) => {
      const compiled = dailyRedemptionCounts(t.app.db, query).compile();
      // A handful of rows would be scanned whole; forbid that to see which index the range can use.
      return t.app.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const result = await trx.executeQuery<Record<string, string>>(
          CompiledQuery.raw(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]),
        );
        return result.rows.map((row) => Object.values(row)[0]).join('\n');
      });
    };
    const range = { from: '2024-05-01', to: '2024-05-31', timeZone: 'Asia/Shanghai' };
    expect(await plan({ ...range, cardId: 'pDayA' })).toContain('push_card_redemptions_card_day');
    expect(await plan(range)).toContain('push_card_redemptions_time');
  });
});

describe('calendar days of a range', () => {
  it('lists each day once across month and leap-day boundaries', () => {
    expect(calendarDays('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(calendarDays('2023-12-31', '2024-01-01')).toEqual(['2023-12-31', '2024-01-01']);
    expect(calendarDays('2024-05-01', '2024-05-01')).toEqual(['2024-05-01']);
  });

  it('allows a leap year but not a day more', () => {
    expect(rangeProblem('2024-01-01', '2024-12-31')).toBeUndefined();
    expect(rangeProblem('2024-01-01', '2025-01-01')).toBe(
      'from 2024-01-01 to 2025-01-01 is 367 days; at most 366 days per request',
    );
    expect(rangeProblem('2024-05-02', '2024-05-01')).toBe('to (2024-05-01) is before from (2024-05-02)');
  });
});
