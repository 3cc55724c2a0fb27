// The payment result: success (order number, amount, the notices to expect) or failure (pay again).
import { formatFen, type NoticeOutcome, type Order } from '@checkout/shared';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { shopperMessage } from '../../../api/errors';
import { CHECKOUT_PAGE, ORDERS_PAGE, parseResultQuery } from '../../../checkout/result-route';
import { flag } from '../../../ui/flag';
import { useServices } from '../../../use-services';
import './index.css';

function paySuccessNoticeText(notice: NoticeOutcome | undefined): string {
  if (notice?.status === 'sent') return '已发送到微信「服务通知」';
  if (notice?.status === 'failed') return '未能发送，可在「我的订单」查看订单状态';
  return '将发送到微信「服务通知」';
}

export default function ResultPage() {
  const { params } = useRouter();
  const result = parseResultQuery(params);
  const sn = result?.sn;
  const { api, checkout, port } = useServices();
  const [order, setOrder] = useState<Order | null>(null);
  const [paying, setPaying] = useState(false);

  useEffect(() => {
    if (!sn) return;
    let current = true;
    port.showLoading('加载中');
    api
      .getOrder(sn)
      .then((loaded) => current && setOrder(loaded))
      .catch((error: unknown) => port.toast(shopperMessage(error)))
      .finally(() => port.hideLoading());
    return () => {
      current = false;
    };
  }, [api, port, sn]);

  const payAgain = async () => {
    if (!order || paying || checkout.isBusy()) return;
    setPaying(true);
    try {
      await checkout.payOrder({ sn: order.sn, totalFen: order.totalFen });
    } finally {
      setPaying(false);
    }
  };

  if (!result) {
    return (
      <View className="result-page">
        <Text className="result-title">没有找到支付结果</Text>
        <Button className="back-to-checkout" onClick={() => void port.redirectTo(CHECKOUT_PAGE)}>
          返回收银台
        </Button>
      </View>
    );
  }

  const amount = order ? formatFen(order.totalFen) : '…';
  const ordersButton = (
    <Button className="view-orders-button" onClick={() => void port.redirectTo(ORDERS_PAGE)}>
      查看我的订单
    </Button>
  );

  if (result.status === 'paid') {
    return (
      <View className="result-page result-paid">
        <Text className="result-title">支付成功</Text>
        <View className="result-row">
          订单号：<Text className="result-sn">{result.sn}</Text>
        </View>
        <View className="result-row">
          实付金额：<Text className="result-amount">{amount}</Text>
        </View>
        <View className="result-notices">
          <Text className="result-notices-title">我们会通过微信通知您：</Text>
          <Text className="result-notice result-notice-pay">
            订单支付成功通知：{paySuccessNoticeText(order?.notices.find((n) => n.kind === 'pay_success'))}
          </Text>
          <Text className="result-notice result-notice-shipped">
            订单发货通知：商品发出后发送快递公司和单号
          </Text>
        </View>
        {ordersButton}
        <Button className="continue-button" onClick={() => void port.redirectTo(CHECKOUT_PAGE)}>
          继续购物
        </Button>
      </View>
    );
  }

  const cancelled = result.status === 'cancelled';
  return (
    <View className={`result-page ${cancelled ? 'result-cancelled' : 'result-failed'}`}>
      <Text className="result-title">{cancelled ? '支付已取消' : '支付失败'}</Text>
      <View className="result-row">
        订单号：<Text className="result-sn">{result.sn}</Text>
      </View>
      <View className="result-row">
        待付金额：<Text className="result-amount">{amount}</Text>
      </View>
      {result.status === 'failed' && (
        <Text className="result-reason">原因：{result.reason || '未知错误'}</Text>
      )}
      <Button
        className="repay-button"
        type="primary"
        disabled={flag(paying || !order || order.status !== 'unpaid')}
        onClick={() => void payAgain()}
      >
        {paying ? '支付中…' : cancelled ? '重新支付' : '重试'}
      </Button>
      {ordersButton}
    </View>
  );
}
