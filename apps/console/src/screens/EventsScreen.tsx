// 事件: received push events (type, event, masked openid, time, duplicates), raw JSON on demand.

import type { PushEvent } from '@checkout/shared';
import { Fragment, useState } from 'react';
import { useQuery } from '../api/use-query.js';
import { DateRangeFilter } from '../components/DateRangeFilter.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { PAGE_SIZE, Pager } from '../components/Pager.js';
import { dayEndIso, dayStartIso } from '../dates.js';
import { formatTime } from '../format.js';

export function EventsScreen() {
  const [type, setType] = useState('');
  const [event, setEvent] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [offset, setOffset] = useState(0);
  const [opened, setOpened] = useState<number>();

  const query = {
    type: type.trim() || undefined,
    event: event.trim() || undefined,
    from: dayStartIso(fromDay),
    to: dayEndIso(toDay),
    limit: PAGE_SIZE,
    offset,
  };
  const events = useQuery((api) => api.listEvents(query), JSON.stringify(query));
  const filter = (set: (value: string) => void) => (value: string) => {
    set(value);
    setOffset(0);
  };

  return (
    <section data-testid="events-screen">
      <h2>事件</h2>
      <div className="filters">
        <label>
          消息类型
          <input
            value={type}
            placeholder="如 event"
            onChange={(e) => filter(setType)(e.target.value)}
            data-testid="filter-type"
          />
        </label>
        <label>
          事件
          <input
            value={event}
            placeholder="如 user_consume_card"
            onChange={(e) => filter(setEvent)(e.target.value)}
            data-testid="filter-event"
          />
        </label>
        <DateRangeFilter
          label="日期从"
          fromDay={fromDay}
          toDay={toDay}
          onFromDay={filter(setFromDay)}
          onToDay={filter(setToDay)}
        />
      </div>

      {events.status === 'error' && <ErrorMessage message={events.message} onRetry={events.reload} />}
      {events.status === 'loading' && !events.data && <Loading />}
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
                <th>事件时间</th>
                <th>重复推送</th>
                <th>原始数据</th>
              </tr>
            </thead>
            <tbody>
              {events.data.events.map((e) => (
                <EventRow
                  key={e.id}
                  event={e}
                  open={opened === e.id}
                  onToggle={() => setOpened(opened === e.id ? undefined : e.id)}
                />
              ))}
            </tbody>
          </table>
          <Pager total={events.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
    </section>
  );
}

function EventRow({ event, open, onToggle }: { event: PushEvent; open: boolean; onToggle(): void }) {
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
