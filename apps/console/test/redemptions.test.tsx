import type { AdminCardRedemptionsDailyReply } from '@checkout/shared';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RedemptionsScreen } from '../src/screens/RedemptionsScreen.js';
import { addDays, dayIn } from '../src/time/zone-time.js';
import { errorReply, type FakeReply, fakeBff, type RecordedCall } from './fake-bff.js';
import { redemption } from './fixtures.js';
import { renderScreen } from './render.js';

/** The daily route as the BFF answers it: every day of the range, a count on some. */
function dailyCounts({ query }: RecordedCall, counts: Record<string, number> = {}): FakeReply {
  const days: AdminCardRedemptionsDailyReply['days'] = [];
  for (let day = query.get('from')!; day <= query.get('to')!; day = addDays(day, 1)) {
    days.push({ day, count: counts[day] ?? 0 });
  }
  const total = days.reduce((sum, d) => sum + d.count, 0);
  return { body: { timeZone: query.get('timeZone'), days, total } };
}

const DAILY = 'GET /admin/card-redemptions/daily';

afterEach(() => vi.restoreAllMocks());

describe('核销记录 screen', () => {
  it('lists redemptions with card, code, source, store and staff', async () => {
    const bff = fakeBff({
      'GET /admin/card-redemptions': () => ({ body: { redemptions: [redemption()], total: 1 } }),
      [DAILY]: (call) => dailyCounts(call),
    });
    renderScreen(<RedemptionsScreen />, bff);
    const row = await screen.findByTestId('redemption-row-1');
    expect(row.querySelector('td')?.textContent).toBe('2024-05-03 12:00:00');
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(1)).toEqual([
      'pCard1',
      '123456789',
      'FROM_API',
      '南山店',
      'oStaff****1',
      '50',
      'oUser****abc',
    ]);
  });

  it('filters the table and the chart by card, code and Beijing day range', async () => {
    const bff = fakeBff({
      'GET /admin/card-redemptions': () => ({ body: { redemptions: [], total: 0 } }),
      [DAILY]: (call) => dailyCounts(call),
    });
    renderScreen(<RedemptionsScreen />, bff);
    expect((await screen.findByTestId('empty')).textContent).toBe('没有符合条件的核销记录');
    fireEvent.change(screen.getByTestId('filter-card'), { target: { value: 'pCard1' } });
    fireEvent.change(screen.getByTestId('filter-code'), { target: { value: '123456789' } });
    fireEvent.change(screen.getByTestId('filter-from'), { target: { value: '2024-05-01' } });
    fireEvent.change(screen.getByTestId('filter-to'), { target: { value: '2024-05-31' } });
    await waitFor(() =>
      expect(bff.callsTo('GET /admin/card-redemptions').some((c) => c.query.get('to'))).toBe(true),
    );
    const table = bff.callsTo('GET /admin/card-redemptions').at(-1)!;
    expect(Object.fromEntries(table.query)).toEqual({
      cardId: 'pCard1',
      code: '123456789',
      from: '2024-04-30T16:00:00.000Z',
      to: '2024-05-31T15:59:59.999Z',
      limit: '20',
      offset: '0',
    });
    await waitFor(() => expect(bff.callsTo(DAILY).at(-1)?.query.get('code')).toBe('123456789'));
    expect(bff.callsTo(DAILY).at(-1)?.query.get('cardId')).toBe('pCard1');
  });

  it('charts the last 30 Beijing days from the daily counts the BFF makes', async () => {
    const today = dayIn('Asia/Shanghai');
    const bff = fakeBff({
      'GET /admin/card-redemptions': () => ({ body: { redemptions: [], total: 0 } }),
      [DAILY]: (call) => dailyCounts(call, { [today]: 3, [addDays(today, -7)]: 1 }),
    });
    renderScreen(<RedemptionsScreen />, bff);
    await waitFor(() => expect(screen.getAllByTestId('day-bar')).toHaveLength(30));
    const bars = screen.getAllByTestId('day-bar');
    expect(bars[0]?.getAttribute('data-day')).toBe(addDays(today, -29));
    expect(bars[29]?.getAttribute('data-day')).toBe(today);
    expect(bars[29]?.getAttribute('data-count')).toBe('3');
    expect(bars[22]?.getAttribute('data-count')).toBe('1');
    expect(screen.getByTestId('redemptions-screen').textContent).toContain(
      '近 30 天每日核销（北京时间） 共 4 次',
    );

    // One request for the whole chart: no list rows fetched to count in the browser.
    const [daily] = bff.callsTo(DAILY);
    expect(Object.fromEntries(daily!.query)).toEqual({
      from: addDays(today, -29),
      to: today,
      timeZone: 'Asia/Shanghai',
    });
    expect(bff.callsTo('GET /admin/card-redemptions').every((c) => c.query.get('limit') === '20')).toBe(true);
  });

  it('shows why the chart could not be drawn', async () => {
    const bff = fakeBff({
      'GET /admin/card-redemptions': () => ({ body: { redemptions: [], total: 0 } }),
      [DAILY]: () => errorReply(400, 'timeZone Mars/Olympus is not a known IANA time zone'),
    });
    renderScreen(<RedemptionsScreen />, bff);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'timeZone Mars/Olympus is not a known IANA time zone',
    );
  });

  it('exports every filtered row as a UTF-8 CSV with a BOM', async () => {
    const rows = Array.from({ length: 250 }, (_, i) =>
      redemption({
        id: i + 1,
        userCardCode: String(100000 + i),
        locationName: i === 0 ? '南山店, "旗舰"' : '南山店',
      }),
    );
    const bff = fakeBff({
      'GET /admin/card-redemptions': ({ query }) => {
        const limit = Number(query.get('limit'));
        const offset = Number(query.get('offset'));
        return { body: { redemptions: rows.slice(offset, offset + limit), total: rows.length } };
      },
      [DAILY]: (call) => dailyCounts(call),
    });
    let saved: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved = blob as Blob;
      return 'blob:console-test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});

    renderScreen(<RedemptionsScreen />, bff);
    await screen.findByTestId('redemption-row-1');
    fireEvent.change(screen.getByTestId('filter-card'), { target: { value: 'pCard1' } });
    fireEvent.click(screen.getByTestId('export-csv'));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));

    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toMatch(/^核销记录-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(saved?.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await saved!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines).toHaveLength(252);
    expect(lines[1]).toContain(',"南山店, ""旗舰""",');
    expect(lines[250]).toContain(',100249,');
    expect(screen.getByTestId('export-note').textContent).toBe('已导出 250 条');

    const exportCalls = bff
      .callsTo('GET /admin/card-redemptions')
      .filter((c) => c.query.get('limit') === '200');
    expect(exportCalls.map((c) => [c.query.get('cardId'), c.query.get('offset')])).toEqual([
      ['pCard1', '0'],
      ['pCard1', '200'],
    ]);
  });

  it('shows an export failure plainly', async () => {
    const bff = fakeBff({
      'GET /admin/card-redemptions': () => ({ body: { redemptions: [], total: 0 } }),
      [DAILY]: (call) => dailyCounts(call),
    });
    renderScreen(<RedemptionsScreen />, bff);
    await screen.findByTestId('empty');
    await screen.findAllByTestId('day-bar');
    bff.on('GET /admin/card-redemptions', () =>
      errorReply(400, 'querystring "code" must NOT have more than 64 characters'),
    );
    fireEvent.click(screen.getByTestId('export-csv'));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'querystring "code" must NOT have more than 64 characters',
    );
  });
});
