// 核销记录: card redemptions with filters, a per-day chart of the last 30 days, and CSV export.

import type { AdminCardRedemptionsDailyQuery, AdminCardRedemptionsQuery } from '@checkout/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/api-context.js';
import { fetchAllPages } from '../api/fetch-all.js';
import { merchantMessage } from '../api/merchant-message.js';
import { DateRangeFilter } from '../components/DateRangeFilter.js';
import { DayBarChart } from '../components/DayBarChart.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { PAGE_SIZE, Pager } from '../components/Pager.js';
import { redemptionsCsv } from '../csv.js';
import { downloadText } from '../download.js';
import { useTimeZone } from '../time/time-zone.js';
import { addDays, dayEndIso, dayIn, dayStartIso } from '../time/zone-time.js';
import { useViewFilters } from '../view-filters.js';

const CHART_DAYS = 30;
const FILTERS = ['cardId', 'code', 'from', 'to'] as const;

type Filters = Omit<AdminCardRedemptionsQuery, 'limit' | 'offset'>;

export function RedemptionsScreen() {
  const { api, describeError } = useApi();
  const { timeZone, label, formatTime } = useTimeZone();
  const view = useViewFilters(FILTERS);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string>();
  const [exportNote, setExportNote] = useState<string>();

  const filters: Filters = {
    cardId: view.values.cardId.trim() || undefined,
    code: view.values.code.trim() || undefined,
    from: dayStartIso(view.values.from, timeZone),
    to: dayEndIso(view.values.to, timeZone),
  };
  const query = { ...filters, limit: PAGE_SIZE, offset: (view.page - 1) * PAGE_SIZE };
  const rows = useQuery({
    queryKey: ['card-redemptions', query],
    queryFn: ({ signal }) => api.listCardRedemptions(query, signal),
    placeholderData: keepPreviousData,
  });

  // The BFF counts per day of the merchant's zone; the chart only draws what it answers.
  const today = dayIn(timeZone);
  const chartQuery: AdminCardRedemptionsDailyQuery = {
    from: addDays(today, -(CHART_DAYS - 1)),
    to: today,
    timeZone,
    cardId: filters.cardId,
    code: filters.code,
  };
  const chart = useQuery({
    queryKey: ['card-redemption-days', chartQuery],
    queryFn: ({ signal }) => api.countCardRedemptionsPerDay(chartQuery, signal),
    placeholderData: keepPreviousData,
  });

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
        `核销记录-${dayIn(timeZone)}.csv`,
        redemptionsCsv(all.items, timeZone),
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

  return (
    <section data-testid="redemptions-screen">
      <h2>核销记录</h2>

      <div className="panel">
        <h3>
          近 30 天每日核销（{label}）{chart.data && <span className="muted"> 共 {chart.data.total} 次</span>}
        </h3>
        {chart.isError && (
          <ErrorMessage message={merchantMessage(chart.error)} onRetry={() => void chart.refetch()} />
        )}
        {chart.isPending && <Loading />}
        {chart.data && <DayBarChart days={chart.data.days} label="近 30 天每日核销次数" />}
      </div>

      <div className="filters">
        <label>
          卡券ID
          <input
            value={view.values.cardId}
            onChange={(e) => view.setFilter('cardId', e.target.value, { typing: true })}
            data-testid="filter-card"
          />
        </label>
        <label>
          Code
          <input
            value={view.values.code}
            onChange={(e) => view.setFilter('code', e.target.value, { typing: true })}
            data-testid="filter-code"
          />
        </label>
        <DateRangeFilter
          label={`核销日期（${label}）从`}
          fromDay={view.values.from}
          toDay={view.values.to}
          onFromDay={(day) => view.setFilter('from', day)}
          onToDay={(day) => view.setFilter('to', day)}
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

      {rows.isError && (
        <ErrorMessage message={merchantMessage(rows.error)} onRetry={() => void rows.refetch()} />
      )}
      {rows.isPending && <Loading />}
      {rows.data && rows.data.redemptions.length === 0 && <Empty text="没有符合条件的核销记录" />}
      {rows.data && rows.data.redemptions.length > 0 && (
        <>
          <table data-testid="redemptions-table">
            <thead>
              <tr>
                <th>核销时间（{label}）</th>
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
          <Pager total={rows.data.total} page={view.page} onPage={view.setPage} />
        </>
      )}
    </section>
  );
}
