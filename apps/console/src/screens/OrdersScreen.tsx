// 订单: orders with status, notice outcomes and refunds, filters by status and day, "标记发货" and "退款".

import type { AdminOrder, CreateRefundReply, OrderStatus, ShipReply } from '@checkout/shared';
import { formatFen } from '@checkout/shared';
import { useState } from 'react';
import { useQuery } from '../api/use-query.js';
import { DateRangeFilter } from '../components/DateRangeFilter.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { PAGE_SIZE, Pager } from '../components/Pager.js';
import { RefundForm, refundableFen } from '../components/RefundForm.js';
import { ShipForm } from '../components/ShipForm.js';
import { dayEndIso, dayStartIso } from '../dates.js';
import { describeNotice, formatTime, ORDER_STATUS_LABELS, REFUND_STATUS_LABELS } from '../format.js';

const STATUSES = Object.keys(ORDER_STATUS_LABELS) as OrderStatus[];
const REFUNDABLE: readonly OrderStatus[] = ['paid', 'shipped', 'refunding', 'partially_refunded'];

export function OrdersScreen() {
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [offset, setOffset] = useState(0);
  const [shipping, setShipping] = useState<string>();
  const [shipped, setShipped] = useState<ShipReply>();
  const [refunding, setRefunding] = useState<AdminOrder>();
  const [refunded, setRefunded] = useState<CreateRefundReply>();

  const query = {
    status: status || undefined,
    from: dayStartIso(fromDay),
    to: dayEndIso(toDay),
    limit: PAGE_SIZE,
    offset,
  };
  const orders = useQuery((api) => api.listOrders(query), JSON.stringify(query));
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setOffset(0);
    };

  return (
    <section data-testid="orders-screen">
      <h2>订单</h2>
      <div className="filters">
        <label>
          状态
          <select
            value={status}
            onChange={(e) => filter(setStatus)(e.target.value as OrderStatus | '')}
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
          label="下单日期从"
          fromDay={fromDay}
          toDay={toDay}
          onFromDay={filter(setFromDay)}
          onToDay={filter(setToDay)}
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
            orders.reload();
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
            orders.reload();
          }}
        />
      )}

      {orders.status === 'error' && <ErrorMessage message={orders.message} onRetry={orders.reload} />}
      {orders.status === 'loading' && !orders.data && <Loading />}
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
                <th>下单时间</th>
                <th>通知</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {orders.data.orders.map((order) => (
                <OrderRow
                  key={order.sn}
                  order={order}
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
          <Pager total={orders.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
    </section>
  );
}

function OrderRow({ order, onShip, onRefund }: { order: AdminOrder; onShip(): void; onRefund(): void }) {
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
