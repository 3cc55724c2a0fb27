// One trigger's runs: status filter, attempts, duration and the error of a failed run.

import type { TriggerLogStatus } from '@checkout/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context.js';
import { merchantMessage } from '../api/merchant-message.js';
import { triggersQuery } from '../api/triggers-query.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { PAGE_SIZE, Pager } from '../components/Pager.js';
import { useTimeZone } from '../time/time-zone.js';
import { useViewFilters } from '../view-filters.js';

const STATUS_LABELS: Record<TriggerLogStatus, string> = {
  succeeded: '成功',
  retrying: '重试中',
  failed: '失败',
};

const FILTERS = ['status'] as const;

export function TriggerLogsScreen({ triggerId }: { triggerId: number }) {
  const { api } = useApi();
  const { label, formatTime } = useTimeZone();
  const view = useViewFilters(FILTERS);
  const triggers = useQuery(triggersQuery(api));
  const trigger = triggers.data?.triggers.find((t) => t.id === triggerId);

  const query = {
    triggerId,
    status: (view.values.status || undefined) as TriggerLogStatus | undefined,
    limit: PAGE_SIZE,
    offset: (view.page - 1) * PAGE_SIZE,
  };
  const logs = useQuery({
    queryKey: ['trigger-logs', query],
    queryFn: ({ signal }) => api.listTriggerLogs(query, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <section data-testid="trigger-logs-screen">
      <p>
        <a href="#/triggers">← 返回触发器列表</a>
      </p>
      <h2>触发器日志：{trigger ? trigger.name : `#${triggerId}`}</h2>
      <div className="filters">
        <label>
          状态
          <select
            value={view.values.status}
            onChange={(e) => view.setFilter('status', e.target.value)}
            data-testid="filter-log-status"
          >
            <option value="">全部</option>
            {(Object.keys(STATUS_LABELS) as TriggerLogStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>

      {logs.isError && (
        <ErrorMessage message={merchantMessage(logs.error)} onRetry={() => void logs.refetch()} />
      )}
      {logs.isPending && <Loading />}
      {logs.data && logs.data.logs.length === 0 && <Empty text="暂无运行记录" />}
      {logs.data && logs.data.logs.length > 0 && (
        <>
          <table data-testid="trigger-logs-table">
            <thead>
              <tr>
                <th>时间（{label}）</th>
                <th>事件编号</th>
                <th>第几次</th>
                <th>状态</th>
                <th>耗时</th>
                <th>错误</th>
              </tr>
            </thead>
            <tbody>
              {logs.data.logs.map((log) => (
                <tr key={log.id} data-testid={`trigger-log-row-${log.id}`}>
                  <td>{formatTime(log.at)}</td>
                  <td>{log.eventId}</td>
                  <td>{log.attempt}</td>
                  <td className={log.status === 'failed' ? 'text-error' : undefined}>
                    {STATUS_LABELS[log.status]}
                  </td>
                  <td>{log.durationMs} ms</td>
                  <td className="error-text" data-testid="trigger-log-error">
                    {log.error ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={logs.data.total} page={view.page} onPage={view.setPage} />
        </>
      )}
    </section>
  );
}
