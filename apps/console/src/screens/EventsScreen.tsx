// 事件: received push events (type, event, masked openid, time, duplicates), raw JSON on demand.

import type { PushEvent } from '@checkout/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useApi } from '../api/api-context.js';
import { merchantMessage } from '../api/merchant-message.js';
import { DateRangeFilter } from '../components/DateRangeFilter.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { PAGE_SIZE, Pager } from '../components/Pager.js';
import { useTimeZone } from '../time/time-zone.js';
import { dayEndIso, dayStartIso } from '../time/zone-time.js';
import { useViewFilters } from '../view-filters.js';

const FILTERS = ['type', 'event', 'from', 'to'] as const;

export function EventsScreen() {
  const { api } = useApi();
  const { timeZone, label, formatTime } = useTimeZone();
  const view = useViewFilters(FILTERS);
  const [opened, setOpened] = useState<number>();

  const query = {
    type: view.values.type.trim() || undefined,
    event: view.values.event.trim() || undefined,
    from: dayStartIso(view.values.from, timeZone),
    to: dayEndIso(view.values.to, timeZone),
    limit: PAGE_SIZE,
    offset: (view.page - 1) * PAGE_SIZE,
  };
  const events = useQuery({
    queryKey: ['events', query],
    queryFn: ({ signal }) => api.listEvents(query, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <section data-testid="events-screen">
      <h2>事件</h2>
      <div className="filters">
        <label>
          消息类型
          <input
            value={view.values.type}
            placeholder="如 event"
            onChange={(e) => view.setFilter('type', e.target.value, { typing: true })}
            data-testid="filter-type"
          />
        </label>
        <label>
          事件
          <input
            value={view.values.event}
            placeholder="如 user_consume_card"
            onChange={(e) => view.setFilter('event', e.target.value, { typing: true })}
            data-testid="filter-event"
          />
        </label>
        <DateRangeFilter
          label={`日期（${label}）从`}
          fromDay={view.values.from}
          toDay={view.values.to}
          onFromDay={(day) => view.setFilter('from', day)}
          onToDay={(day) => view.setFilter('to', day)}
        />
      </div>

      {events.isError && (
        <ErrorMessage message={merchantMessage(events.error)} onRetry={() => void events.refetch()} />
      )}
      {events.isPending && <Loading />}
      {events.data && events.data.events.length === 0 && <Empty text="暂无推送事件" />}
      {events.data && events.data.events.length > 0 && (
        <>
          <table data-testid="events-table">
            <thead>
              <tr>
                <th>编号</th>
                <th>公众号/小程序</th>
                <th>消息类型</th>
                <th>事件</th>
                <th>用户</th>
                <th>事件时间（{label}）</th>
                <th>重复推送</th>
                <th>原始数据</th>
              </tr>
            </thead>
            <tbody>
              {events.data.events.map((e) => (
                <EventRow
                  key={e.id}
                  event={e}
                  formatTime={formatTime}
                  open={opened === e.id}
                  onToggle={() => setOpened(opened === e.id ? undefined : e.id)}
                />
              ))}
            </tbody>
          </table>
          <Pager total={events.data.total} page={view.page} onPage={view.setPage} />
        </>
      )}
    </section>
  );
}

function EventRow({
  event,
  formatTime,
  open,
  onToggle,
}: {
  event: PushEvent;
  formatTime(iso: string): string;
  open: boolean;
  onToggle(): void;
}) {
  return (
    <Fragment>
      <tr data-testid={`event-row-${event.id}`}>
        <td>{event.id}</td>
        <td className="mono">{event.appid}</td>
        <td>{event.msgType}</td>
        <td>{event.event ?? '—'}</td>
        <td className="mono">{event.openidMasked ?? '—'}</td>
        <td title={`收到于 ${formatTime(event.receivedAt)}`}>{formatTime(event.createTime)}</td>
        <td>{event.duplicates}</td>
        <td>
          <button
            type="button"
            className="link"
            onClick={onToggle}
            data-testid={`event-raw-toggle-${event.id}`}
          >
            {open ? '收起' : '查看'}
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={8}>
            <pre className="raw" data-testid={`event-raw-${event.id}`}>
              {JSON.stringify(event.payload, null, 2)}
            </pre>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
