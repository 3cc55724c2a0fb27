// One trigger's runs: status filter, attempts, duration and the error of a failed run.

import type { TriggerLogStatus } from '@checkout/shared';
import { useState } from 'react';
import { useQuery } from '../api/use-query.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { PAGE_SIZE, Pager } from '../components/Pager.js';
import { formatTime } from '../format.js';

const STATUS_LABELS: Record<TriggerLogStatus, string> = {
  succeeded: '成功',
  retrying: '重试中',
  failed: '失败',
};

export function TriggerLogsScreen({ triggerId }: { triggerId: number }) {
  const [status, setStatus] = useState<TriggerLogStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const triggers = useQuery((api) => api.listTriggers(), 'triggers');
  const trigger = triggers.data?.triggers.find((t) => t.id === triggerId);

  const query = { triggerId, status: status || undefined, limit: PAGE_SIZE, offset };
  const logs = useQuery((api) => api.listTriggerLogs(query), JSON.stringify(query));

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
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as TriggerLogStatus | '');
              setOffset(0);
            }}
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

      {logs.status === 'error' && <ErrorMessage message={logs.message} onRetry={logs.reload} />}
      {logs.status === 'loading' && !logs.data && <Loading />}
      {logs.data && logs.data.logs.length === 0 && <Empty text="暂无运行记录" />}
      {logs.data && logs.data.logs.length > 0 && (
        <>
          <table data-testid="trigger-logs-table">
            <thead>
              <tr>
                <th>时间</th>
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
          <Pager total={logs.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
    </section>
  );
}
