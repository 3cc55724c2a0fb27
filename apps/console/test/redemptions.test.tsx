import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDay } from '../src/format.js';
import { countPerDay, RedemptionsScreen } from '../src/screens/RedemptionsScreen.js';
import { errorReply, fakeBff } from './fake-bff.js';
import { redemption } from './fixtures.js';
import { renderScreen } from './render.js';

const daysAgo = (n: number, hour = 12) => {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - n, hour);
};

afterEach(() => vi.restoreAllMocks());

describe('核销记录 screen', () => {
  it('lists redemptions with card, code, source, store and staff', async () => {
    const bff = fakeBff({
      'GET /admin/card-redemptions': () => ({ body: { redemptions: [redemption()], total: 1 } }),
    });
    renderScreen(<RedemptionsScreen />, bff);
    const row = await screen.findByTestId('redemption-row-1');
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

  it('filters by card, code and day range', async () => {
    const bff = fakeBff({ 'GET /admin/card-redemptions': () => ({ body: { redemptions: [], total: 0 } }) });
    renderScreen(<RedemptionsScreen />, bff);
    expect((await screen.findByTestId('empty')).textContent).toBe('没有符合条件的核销记录');
    fireEvent.change(screen.getByTestId('filter-card'), { target: { value: 'pCard1' } });
    fireEvent.change(screen.getByTestId('filter-code'), { target: { value: '123456789' } });
    fireEvent.change(screen.getByTestId('filter-from'), { target: { value: '2024-05-01' } });
    fireEvent.change(screen.getByTestId('filter-to'), { target: { value: '2024-05-31' } });
    await waitFor(() =>
      expect(
        bff
          .callsTo('GET /admin/card-redemptions')
          .some((c) => c.query.get('to') && c.query.get('limit') === '20'),
      ).toBe(true),
    );
    const table = bff
      .callsTo('GET /admin/card-redemptions')
      .filter((c) => c.query.get('limit') === '20')
      .at(-1)!;
    expect(Object.fromEntries(table.query)).toEqual({
      cardId: 'pCard1',
      code: '123456789',
      from: new Date(2024, 4, 1).toISOString(),
      to: new Date(new Date(2024, 5, 1).getTime() - 1).toISOString(),
      limit: '20',
      offset: '0',
    });
  });

  it('charts the last 30 days per day from every page of records', async () => {
    const older = redemption({ id: 1, createTime: daysAgo(40).toISOString() });
    const today = [2, 3, 4].map((id) => redemption({ id, createTime: daysAgo(0, 9 + id).toISOString() }));
    const week = redemption({ id: 5, createTime: daysAgo(7).toISOString() });
    const all = [...today, week, older];
    const bff = fakeBff({
      'GET /admin/card-redemptions': ({ query }) => {
        const limit = Number(query.get('limit'));
        const offset = Number(query.get('offset'));
        // Pages of two, to prove the chart walks every page.
        const page = all.slice(offset, offset + Math.min(limit, 2));
        return { body: { redemptions: page, total: all.length } };
      },
    });
    renderScreen(<RedemptionsScreen />, bff);
    await waitFor(() => expect(screen.getAllByTestId('day-bar')).toHaveLength(30));
    const bars = screen.getAllByTestId('day-bar');
    expect(bars[29]?.getAttribute('data-day')).toBe(formatDay(daysAgo(0)));
    expect(bars[29]?.getAttribute('data-count')).toBe('3');
    expect(bars[22]?.getAttribute('data-count')).toBe('1');
    // The 40-day-old record the fake returns anyway falls outside the chart.
    expect(bars.reduce((sum, bar) => sum + Number(bar.getAttribute('data-count')), 0)).toBe(4);

    const chartCalls = bff
      .callsTo('GET /admin/card-redemptions')
      .filter((c) => c.query.get('limit') === '200');
    expect(chartCalls.map((c) => c.query.get('offset'))).toEqual(['0', '2', '4']);
    expect(chartCalls[0]?.query.get('from')).toBe(daysAgo(29, 0).toISOString());
  });

  it('counts per local day and ignores records outside the window', () => {
    const today = new Date(2024, 4, 31, 15);
    const days = countPerDay(
      [
        redemption({ createTime: new Date(2024, 4, 31, 0, 0, 1).toISOString() }),
        redemption({ createTime: new Date(2024, 4, 2, 23, 59).toISOString() }),
        redemption({ createTime: new Date(2024, 4, 1, 23, 59).toISOString() }),
      ],
      today,
    );
    expect(days[0]).toEqual({ day: '2024-05-02', count: 1 });
    expect(days[29]).toEqual({ day: '2024-05-31', count: 1 });
    expect(days.reduce((n, d) => n + d.count, 0)).toBe(2);
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
      .filter((c) => c.query.get('limit') === '200' && !c.query.has('from'));
    expect(exportCalls.map((c) => [c.query.get('cardId'), c.query.get('offset')])).toEqual([
      ['pCard1', '0'],
      ['pCard1', '200'],
    ]);
  });

  it('shows an export failure plainly', async () => {
    const bff = fakeBff({ 'GET /admin/card-redemptions': () => ({ body: { redemptions: [], total: 0 } }) });
    renderScreen(<RedemptionsScreen />, bff);
    await screen.findByTestId('empty');
    bff.on('GET /admin/card-redemptions', () =>
      errorReply(400, 'querystring "code" must NOT have more than 64 characters'),
    );
    fireEvent.click(screen.getByTestId('export-csv'));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'querystring "code" must NOT have more than 64 characters',
    );
  });
});
