// The checkout: cart lines priced by the BFF, the total, and a reportSubmit form whose submit pays.
import { type CatalogItem, formatFen } from '@checkout/shared';
import { Button, Form, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { shopperMessage } from '../../../api/errors';
import { ORDERS_PAGE } from '../../../checkout/result-route';
import { flag } from '../../../ui/flag';
import { useServices } from '../../../use-services';
import './index.css';

const MAX_QUANTITY = 99;

type Catalog =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; items: CatalogItem[] };

export default function CheckoutPage() {
  const { api, checkout, port } = useServices();
  const [catalog, setCatalog] = useState<Catalog>({ state: 'loading' });
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [paying, setPaying] = useState(false);

  const loadCatalog = useCallback(async () => {
    setCatalog({ state: 'loading' });
    port.showLoading('加载中');
    try {
      const { items } = await api.catalog();
      setCatalog({ state: 'ready', items });
      setQuantities(Object.fromEntries(items.map((item) => [item.sku, 1])));
    } catch (error) {
      const message = shopperMessage(error);
      setCatalog({ state: 'failed', message });
      port.toast(message);
    } finally {
      port.hideLoading();
    }
  }, [api, port]);

  useEffect(() => {
    void loadCatalog();
  }, [loadCatalog]);

  const items = catalog.state === 'ready' ? catalog.items : [];
  const totalFen = items.reduce((sum, item) => sum + item.priceFen * (quantities[item.sku] ?? 0), 0);

  const changeQuantity = (sku: string, delta: number) =>
    setQuantities((current) => ({
      ...current,
      [sku]: Math.min(MAX_QUANTITY, Math.max(0, (current[sku] ?? 0) + delta)),
    }));

  const submit = async (formId: string | undefined) => {
    if (paying || checkout.isBusy()) return;
    setPaying(true);
    try {
      const lines = items.map((item) => ({ sku: item.sku, quantity: quantities[item.sku] ?? 0 }));
      await checkout.payCart(lines, formId);
    } finally {
      setPaying(false);
    }
  };

  return (
    <View className="checkout-page">
      {catalog.state === 'failed' && (
        <View className="checkout-error">
          <Text className="checkout-error-text">{catalog.message}</Text>
          <Button className="checkout-reload-button" size="mini" onClick={() => void loadCatalog()}>
            重新加载
          </Button>
        </View>
      )}
      <Form reportSubmit onSubmit={(event) => void submit(event.detail?.formId)}>
        <View className="cart-lines">
          {items.map((item) => (
            <View className="cart-line" key={item.sku} data-sku={item.sku}>
              <View className="cart-line-info">
                <Text className="cart-line-name">{item.name}</Text>
                <Text className="cart-line-price">{formatFen(item.priceFen)}</Text>
              </View>
              <View className="cart-line-stepper">
                <Button
                  className="qty-minus"
                  size="mini"
                  disabled={flag(paying || (quantities[item.sku] ?? 0) === 0)}
                  onClick={() => changeQuantity(item.sku, -1)}
                >
                  -
                </Button>
                <Text className="cart-line-qty">{quantities[item.sku] ?? 0}</Text>
                <Button
                  className="qty-plus"
                  size="mini"
                  disabled={flag(paying || (quantities[item.sku] ?? 0) >= MAX_QUANTITY)}
                  onClick={() => changeQuantity(item.sku, 1)}
                >
                  +
                </Button>
              </View>
            </View>
          ))}
        </View>
        <View className="checkout-bar">
          <Text className="cart-total">合计：{formatFen(totalFen)}</Text>
          <Button
            className="pay-button"
            type="primary"
            formType="submit"
            disabled={flag(paying || totalFen === 0)}
          >
            {paying ? '支付中…' : '立即支付'}
          </Button>
        </View>
      </Form>
      <Button className="orders-link" size="mini" onClick={() => void port.navigateTo(ORDERS_PAGE)}>
        我的订单
      </Button>
    </View>
  );
}
