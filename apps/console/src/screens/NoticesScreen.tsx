// 通知: every notice send attempt (order, kind, channel, credential, attempt, WeChat's errcode/errmsg).

import type { NoticeOutcome } from '@checkout/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context.js';
import { merchantMessage } from '../api/merchant-message.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { PAGE_SIZE, Pager } from '../components/Pager.js';
import { CHANNEL_LABELS, CREDENTIAL_LABELS, NOTICE_KIND_LABELS } from '../format.js';
import { useTimeZone } from '../time/time-zone.js';
import { useViewFilters } from '../view-filters.js';

type Kind = NoticeOutcome['kind'];
const FILTERS = ['sn', 'kind'] as const;

export function NoticesScreen() {
  const { api } = useApi();
  const { label, formatTime } = useTimeZone();
  const view = useViewFilters(FILTERS);

  const query = {
    sn: view.values.sn.trim() || undefined,
    kind: (view.values.kind || undefined) as Kind | undefined,
    limit: PAGE_SIZE,
    offset: (view.page - 1) * PAGE_SIZE,
  };
  const notices = useQuery({
    queryKey: ['notices', query],
    queryFn: ({ signal }) => api.listNotices(query, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <section data-testid="notices-screen">
      <h2>通知</h2>
      <div className="filters">
        <label>
          订单号
          <input
            value={view.values.sn}
            onChange={(e) => view.setFilter('sn', e.target.value, { typing: true })}
            data-testid="filter-sn"
          />
        </label>
        <label>
          类型
          <select
            value={view.values.kind}
            onChange={(e) => view.setFilter('kind', e.target.value)}
            data-testid="filter-kind"
          >
            <option value="">全部</option>
            {(Object.keys(NOTICE_KIND_LABELS) as Kind[]).map((k) => (
              <option key={k} value={k}>
                {NOTICE_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      </div>

      {notices.isError && (
        <ErrorMessage message={merchantMessage(notices.error)} onRetry={() => void notices.refetch()} />
      )}
      {notices.isPending && <Loading />}
      {notices.data && notices.data.notices.length === 0 && <Empty text="暂无通知记录" />}
      {notices.data && notices.data.notices.length > 0 && (
        <>
          <table data-testid="notices-table">
            <thead>
              <tr>
                <th>订单号</th>
                <th>类型</th>
                <th>渠道</th>
                <th>凭证</th>
                <th>第几次</th>
                <th>错误码</th>
                <th>错误信息</th>
                <th>时间（{label}）</th>
              </tr>
            </thead>
            <tbody>
              {notices.data.notices.map((n) => (
                <tr key={n.id} data-testid={`notice-row-${n.id}`}>
                  <td className="mono">{n.sn}</td>
                  <td>{NOTICE_KIND_LABELS[n.kind]}</td>
                  <td>{CHANNEL_LABELS[n.channel]}</td>
                  <td>
                    {n.credentialKind ? (CREDENTIAL_LABELS[n.credentialKind] ?? n.credentialKind) : '—'}
                  </td>
                  <td>{n.attempt}</td>
                  <td className={n.errcode ? 'text-error' : undefined}>{n.errcode ?? '—'}</td>
                  <td>{n.errmsg ?? '—'}</td>
                  <td>{formatTime(n.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={notices.data.total} page={view.page} onPage={view.setPage} />
        </>
      )}
    </section>
  );
}
