// 订单: orders with status, notice outcomes and refunds, filters by status and day, "标记发货" and "退款".

import type { AdminOrder, CreateRefundReply, OrderStatus, ShipReply } from '@checkout/shared';
import { formatFen } from '@checkout/shared';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/api-context.js';
import { merchantMessage } from '../api/merchant-message.js';
import { DateRangeFilter } from '../components/DateRangeFilter.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { PAGE_SIZE, Pager } from '../components/Pager.js';
import { RefundForm, refundableFen } from '../components/RefundForm.js';
import { ShipForm } from '../components/ShipForm.js';
import { describeNotice, ORDER_STATUS_LABELS, REFUND_STATUS_LABELS } from '../format.js';
import { useTimeZone } from '../time/time-zone.js';
import { dayEndIso, dayStartIso } from '../time/zone-time.js';
import { useViewFilters } from '../view-filters.js';

const STATUSES = Object.keys(ORDER_STATUS_LABELS) as OrderStatus[];
const FILTERS = ['status', 'from', 'to'] as const;
const REFUNDABLE: readonly OrderStatus[] = ['paid', 'shipped', 'refunding', 'partially_refunded'];

export function OrdersScreen() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const { timeZone, label, formatTime } = useTimeZone();
  const view = useViewFilters(FILTERS);
  const [shipping, setShipping] = useState<string>();
  const [shipped, setShipped] = useState<ShipReply>();
  const [refunding, setRefunding] = useState<AdminOrder>();
  const [refunded, setRefunded] = useState<CreateRefundReply>();

  const query = {
    status: (view.values.status || undefined) as OrderStatus | undefined,
    from: dayStartIso(view.values.from, timeZone),
    to: dayEndIso(view.values.to, timeZone),
    limit: PAGE_SIZE,
    offset: (view.page - 1) * PAGE_SIZE,
  };
  const orders = useQuery({
    queryKey: ['orders', query],
    queryFn: ({ signal }) => api.listOrders(query, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <section data-testid="orders-screen">
      <h2>订单</h2>
      <div className="filters">
        <label>
          状态
          <select
            value={view.values.status}
            onChange={(e) => view.setFilter('status', e.target.value)}
            data-testid="filter-status"
          >
            <option value="">全部</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {ORDER_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <DateRangeFilter
          label={`下单日期（${label}）从`}
          fromDay={view.values.from}
          toDay={view.values.to}
          onFromDay={(day) => view.setFilter('from', day)}
          onToDay={(day) => view.setFilter('to', day)}
        />
      </div>

      {shipped && (
        <div
          className={`panel ${shipped.notice.status === 'failed' ? 'state-error' : 'state-ok'}`}
          data-testid="ship-result"
        >
          订单 {shipped.order.sn} 已标记发货（{shipped.order.carrier} {shipped.order.trackingNo}）。
          {describeNotice(shipped.notice)}
        </div>
      )}
      {shipping && (
        <ShipForm
          sn={shipping}
          onCancel={() => setShipping(undefined)}
          onShipped={(reply) => {
            setShipping(undefined);
            setShipped(reply);
            void queryClient.invalidateQueries({ queryKey: ['orders'] });
          }}
        />
      )}

      {refunded && (
        <div className="panel state-ok" data-testid="refund-result">
          订单 {refunded.order.sn} 已申请退款 {formatFen(refunded.refund.amountFen)}（
          {REFUND_STATUS_LABELS[refunded.refund.status]}）。
        </div>
      )}
      {refunding && (
        <RefundForm
          key={refunding.sn}
          order={refunding}
          onCancel={() => setRefunding(undefined)}
          onRefunded={(reply) => {
            setRefunding(undefined);
            setRefunded(reply);
            void queryClient.invalidateQueries({ queryKey: ['orders'] });
          }}
        />
      )}

      {orders.isError && (
        <ErrorMessage message={merchantMessage(orders.error)} onRetry={() => void orders.refetch()} />
      )}
      {orders.isPending && <Loading />}
      {orders.data && orders.data.orders.length === 0 && <Empty text="没有符合条件的订单" />}
      {orders.data && orders.data.orders.length > 0 && (
        <>
          <table data-testid="orders-table">
            <thead>
              <tr>
                <th>订单号</th>
                <th>金额</th>
                <th>状态</th>
                <th>用户</th>
                <th>下单时间（{label}）</th>
                <th>通知</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {orders.data.orders.map((order) => (
                <OrderRow
                  key={order.sn}
                  order={order}
                  formatTime={formatTime}
                  onShip={() => {
                    setShipped(undefined);
                    setShipping(order.sn);
                  }}
                  onRefund={() => {
                    setRefunded(undefined);
                    setRefunding(order);
                  }}
                />
              ))}
            </tbody>
          </table>
          <Pager total={orders.data.total} page={view.page} onPage={view.setPage} />
        </>
      )}
    </section>
  );
}

function OrderRow({
  order,
  formatTime,
  onShip,
  onRefund,
}: {
  order: AdminOrder;
  formatTime(iso: string): string;
  onShip(): void;
  onRefund(): void;
}) {
  return (
    <tr data-testid={`order-row-${order.sn}`}>
      <td className="mono">{order.sn}</td>
      <td>{formatFen(order.totalFen)}</td>
      <td data-testid="order-status">
        {ORDER_STATUS_LABELS[order.status]}
        {(order.refundedFen ?? 0) > 0 && (
          <div className="muted">已退 {formatFen(order.refundedFen ?? 0)}</div>
        )}
        {order.status === 'shipped' && order.trackingNo && (
          <div className="muted">
            {order.carrier} {order.trackingNo}
          </div>
        )}
      </td>
      <td className="mono">{order.openidMasked}</td>
      <td>{formatTime(order.createdAt)}</td>
      <td data-testid="order-notices">
        {order.notices.length === 0
          ? '—'
          : order.notices.map((n) => (
              <div key={n.kind} className={n.status === 'failed' ? 'text-error' : undefined}>
                {describeNotice(n)}
              </div>
            ))}
      </td>
      <td>
        {order.status === 'paid' && (
          <button type="button" onClick={onShip} data-testid={`ship-${order.sn}`}>
            标记发货
          </button>
        )}
        {REFUNDABLE.includes(order.status) && refundableFen(order) > 0 && (
          <button type="button" onClick={onRefund} data-testid={`refund-${order.sn}`}>
            退款
          </button>
        )}
      </td>
    </tr>
  );
}
