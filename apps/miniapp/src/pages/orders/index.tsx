// The shopper's orders with their status; an unpaid one can be paid again.
import { formatFen, type Order } from '@checkout/shared';
import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { shopperMessage } from '../../api/errors';
import { CHECKOUT_PAGE } from '../../checkout/result-route';
import { flag } from '../../ui/flag';
import { useServices } from '../../use-services';
import { ORDER_STATUS_LABELS } from './status-label';
import './index.css';

type OrderList =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; orders: Order[] };

function linesSummary(order: Order): string {
  return order.lines.map((line) => `${line.name} × ${line.quantity}`).join('，');
}

export default function OrdersPage() {
  const { api, checkout, port } = useServices();
  const [list, setList] = useState<OrderList>({ state: 'loading' });
  const [payingSn, setPayingSn] = useState<string | null>(null);

  const load = useCallback(async () => {
    port.showLoading('加载中');
    try {
      const { orders } = await api.listOrders();
      setList({ state: 'ready', orders });
    } catch (error) {
      const message = shopperMessage(error);
      setList({ state: 'failed', message });
      port.toast(message);
    } finally {
      port.hideLoading();
    }
  }, [api, port]);

  // Every time the page shows: a payment or a shipment may have happened meanwhile.
  useDidShow(() => {
    void load();
  });

  const pay = async (order: Order) => {
    if (payingSn || checkout.isBusy()) return;
    setPayingSn(order.sn);
    try {
      await checkout.payOrder({ sn: order.sn, totalFen: order.totalFen });
    } finally {
      setPayingSn(null);
    }
  };

  return (
    <View className="orders-page">
      {list.state === 'failed' && (
        <View className="orders-error">
          <Text>{list.message}</Text>
          <Button className="orders-reload-button" size="mini" onClick={() => void load()}>
            重新加载
          </Button>
        </View>
      )}
      {list.state === 'ready' && list.orders.length === 0 && (
        <View className="orders-empty">
          <Text>暂无订单</Text>
          <Button
            className="back-to-checkout"
            size="mini"
            onClick={() => void port.redirectTo(CHECKOUT_PAGE)}
          >
            去购物
          </Button>
        </View>
      )}
      {list.state === 'ready' &&
        list.orders.map((order) => (
          <View className={`order-item order-${order.status}`} key={order.sn} data-sn={order.sn}>
            <View className="order-head">
              <Text className="order-sn">订单号：{order.sn}</Text>
              <Text className="order-status">{ORDER_STATUS_LABELS[order.status]}</Text>
            </View>
            <Text className="order-lines">{linesSummary(order)}</Text>
            <View className="order-foot">
              <Text className="order-amount">{formatFen(order.totalFen)}</Text>
              {order.status === 'unpaid' && (
                <Button
                  className="order-pay-button"
                  size="mini"
                  type="primary"
                  disabled={flag(payingSn !== null)}
                  onClick={() => void pay(order)}
                >
                  {payingSn === order.sn ? '支付中…' : '去支付'}
                </Button>
              )}
            </View>
            {order.status === 'shipped' && order.trackingNo && (
              <Text className="order-tracking">
                {order.carrier ?? ''} {order.trackingNo}
              </Text>
            )}
          </View>
        ))}
    </View>
  );
}
