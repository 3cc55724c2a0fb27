// 通知: every notice send attempt (order, kind, channel, credential, attempt, WeChat's errcode/errmsg).

import type { NoticeOutcome } from '@checkout/shared';
import { useState } from 'react';
import { useQuery } from '../api/use-query.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { PAGE_SIZE, Pager } from '../components/Pager.js';
import { CHANNEL_LABELS, CREDENTIAL_LABELS, formatTime, NOTICE_KIND_LABELS } from '../format.js';

type Kind = NoticeOutcome['kind'];

export function NoticesScreen() {
  const [sn, setSn] = useState('');
  const [kind, setKind] = useState<Kind | ''>('');
  const [offset, setOffset] = useState(0);

  const query = { sn: sn.trim() || undefined, kind: kind || undefined, limit: PAGE_SIZE, offset };
  const notices = useQuery((api) => api.listNotices(query), JSON.stringify(query));

  return (
    <section data-testid="notices-screen">
      <h2>通知</h2>
      <div className="filters">
        <label>
          订单号
          <input
            value={sn}
            onChange={(e) => {
              setSn(e.target.value);
              setOffset(0);
            }}
            data-testid="filter-sn"
          />
        </label>
        <label>
          类型
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind | '');
              setOffset(0);
            }}
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

      {notices.status === 'error' && <ErrorMessage message={notices.message} onRetry={notices.reload} />}
      {notices.status === 'loading' && !notices.data && <Loading />}
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
                <th>时间</th>
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
          <Pager total={notices.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
    </section>
  );
}
