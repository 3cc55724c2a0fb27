// 核销记录: card redemptions with filters, a per-day chart of the last 30 days, and CSV export.

import type { AdminCardRedemptionsQuery, CardRedemption } from '@checkout/shared';
import { useState } from 'react';
import { useApi } from '../api/api-context.js';
import { fetchAllPages } from '../api/fetch-all.js';
import { useQuery } from '../api/use-query.js';
import { DateRangeFilter } from '../components/DateRangeFilter.js';
import { DayBarChart, type DayCount } from '../components/DayBarChart.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { PAGE_SIZE, Pager } from '../components/Pager.js';
import { redemptionsCsv } from '../csv.js';
import { dayEndIso, dayStartIso } from '../dates.js';
import { downloadText } from '../download.js';
import { formatDay, formatTime } from '../format.js';

const CHART_DAYS = 30;

/** The last `count` local days, oldest first, each with how many redemptions fell on it. */
export function countPerDay(rows: CardRedemption[], today: Date, count = CHART_DAYS): DayCount[] {
  const days: DayCount[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - i);
    days.push({ day: formatDay(d), count: 0 });
  }
  const byDay = new Map(days.map((d) => [d.day, d]));
  for (const row of rows) {
    const bucket = byDay.get(formatDay(new Date(row.createTime)));
    if (bucket) bucket.count += 1;
  }
  return days;
}

type Filters = Omit<AdminCardRedemptionsQuery, 'limit' | 'offset'>;

export function RedemptionsScreen() {
  const { api, describeError } = useApi();
  const [cardId, setCardId] = useState('');
  const [code, setCode] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [offset, setOffset] = useState(0);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string>();
  const [exportNote, setExportNote] = useState<string>();

  const filters: Filters = {
    cardId: cardId.trim() || undefined,
    code: code.trim() || undefined,
    from: dayStartIso(fromDay),
    to: dayEndIso(toDay),
  };
  const query = { ...filters, limit: PAGE_SIZE, offset };
  const rows = useQuery((client) => client.listCardRedemptions(query), JSON.stringify(query));

  const chartFilters = { cardId: filters.cardId, code: filters.code };
  const chart = useQuery(async (client) => {
    const today = new Date();
    const since = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (CHART_DAYS - 1));
    const all = await fetchAllPages(async (limit, pageOffset) => {
      const page = await client.listCardRedemptions({
        ...chartFilters,
        from: since.toISOString(),
        limit,
        offset: pageOffset,
      });
      return { items: page.redemptions, total: page.total };
    });
    return countPerDay(all.items, today);
  }, JSON.stringify(chartFilters));

  const exportCsv = async () => {
    setExporting(true);
    setExportError(undefined);
    setExportNote(undefined);
    try {
      const all = await fetchAllPages(async (limit, pageOffset) => {
        const page = await api.listCardRedemptions({ ...filters, limit, offset: pageOffset });
        return { items: page.redemptions, total: page.total };
      });
      downloadText(
        `核销记录-${formatDay(new Date())}.csv`,
        redemptionsCsv(all.items),
        'text/csv;charset=utf-8',
      );
      setExportNote(
        all.truncated
          ? `共 ${all.total} 条，仅导出了前 ${all.items.length} 条，请缩小日期范围后分批导出`
          : `已导出 ${all.items.length} 条`,
      );
    } catch (e) {
      setExportError(describeError(e));
    } finally {
      setExporting(false);
    }
  };

  const filter = (set: (value: string) => void) => (value: string) => {
    set(value);
    setOffset(0);
  };

  return (
    <section data-testid="redemptions-screen">
      <h2>核销记录</h2>

      <div className="panel">
        <h3>近 30 天每日核销</h3>
        {chart.status === 'error' && <ErrorMessage message={chart.message} onRetry={chart.reload} />}
        {chart.status === 'loading' && !chart.data && <Loading />}
        {chart.data && <DayBarChart days={chart.data} label="近 30 天每日核销次数" />}
      </div>

      <div className="filters">
        <label>
          卡券ID
          <input
            value={cardId}
            onChange={(e) => filter(setCardId)(e.target.value)}
            data-testid="filter-card"
          />
        </label>
        <label>
          Code
          <input value={code} onChange={(e) => filter(setCode)(e.target.value)} data-testid="filter-code" />
        </label>
        <DateRangeFilter
          label="核销日期从"
          fromDay={fromDay}
          toDay={toDay}
          onFromDay={filter(setFromDay)}
          onToDay={filter(setToDay)}
        />
        <button type="button" onClick={exportCsv} disabled={exporting} data-testid="export-csv">
          {exporting ? '导出中…' : '导出 CSV'}
        </button>
      </div>
      {exportError && <ErrorMessage message={exportError} />}
      {exportNote && (
        <p className="state" data-testid="export-note">
          {exportNote}
        </p>
      )}

      {rows.status === 'error' && <ErrorMessage message={rows.message} onRetry={rows.reload} />}
      {rows.status === 'loading' && !rows.data && <Loading />}
      {rows.data && rows.data.redemptions.length === 0 && <Empty text="没有符合条件的核销记录" />}
      {rows.data && rows.data.redemptions.length > 0 && (
        <>
          <table data-testid="redemptions-table">
            <thead>
              <tr>
                <th>核销时间</th>
                <th>卡券ID</th>
                <th>Code</th>
                <th>核销来源</th>
                <th>门店</th>
                <th>核销员</th>
                <th>备注金额</th>
                <th>用户</th>
              </tr>
            </thead>
            <tbody>
              {rows.data.redemptions.map((r) => (
                <tr key={r.id} data-testid={`redemption-row-${r.id}`}>
                  <td>{formatTime(r.createTime)}</td>
                  <td className="mono">{r.cardId}</td>
                  <td className="mono">{r.userCardCode}</td>
                  <td>{r.consumeSource ?? '—'}</td>
                  <td>{r.locationName ?? '—'}</td>
                  <td className="mono">{r.staffOpenidMasked ?? '—'}</td>
                  <td>{r.remarkAmount ?? '—'}</td>
                  <td className="mono">{r.openidMasked}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={rows.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
    </section>
  );
}
