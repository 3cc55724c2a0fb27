import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OrdersScreen } from '../src/screens/OrdersScreen.js';
import { errorReply, fakeBff } from './fake-bff.js';
import { order } from './fixtures.js';
import { renderScreen } from './render.js';

const paid = order();
const shipped = order({
  sn: 'SN20240501002',
  status: 'shipped',
  carrier: '中通快递',
  trackingNo: 'ZT998877',
  notices: [
    { sn: 'SN20240501002', kind: 'pay_success', status: 'sent', channel: 'template' },
    {
      sn: 'SN20240501002',
      kind: 'shipped',
      status: 'failed',
      channel: 'template',
      errcode: 41029,
      errmsg: 'form id used count reach limit',
    },
  ],
});

describe('订单 screen', () => {
  it('lists orders with amount, status, masked openid and notice outcomes', async () => {
    const bff = fakeBff({ 'GET /admin/orders': () => ({ body: { orders: [paid, shipped], total: 2 } }) });
    renderScreen(<OrdersScreen />, bff);

    const row = await screen.findByTestId(`order-row-${paid.sn}`);
    expect(row.textContent).toContain('¥12.34');
    expect(row.textContent).toContain('已支付');
    expect(row.textContent).toContain('oAbc****xyz');
    expect(within(row).getByTestId('order-notices').textContent).toBe('支付成功通知：已发送（订阅消息）');
    expect(within(row).getByTestId(`ship-${paid.sn}`)).toBeTruthy();

    const shippedRow = screen.getByTestId(`order-row-${shipped.sn}`);
    expect(within(shippedRow).getByTestId('order-status').textContent).toContain('中通快递 ZT998877');
    expect(within(shippedRow).getByTestId('order-notices').textContent).toContain(
      '发货通知：发送失败（模板消息） 错误 41029 form id used count reach limit',
    );
    expect(within(shippedRow).queryByText('标记发货')).toBeNull();
    expect(bff.callsTo('GET /admin/orders')[0]?.query.toString()).toBe('limit=20&offset=0');
  });

  it('filters by status and by day range in Beijing time', async () => {
    const bff = fakeBff({ 'GET /admin/orders': () => ({ body: { orders: [], total: 0 } }) });
    renderScreen(<OrdersScreen />, bff);
    await screen.findByTestId('empty');

    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'paid' } });
    await waitFor(() => expect(bff.callsTo('GET /admin/orders')).toHaveLength(2));
    expect(bff.callsTo('GET /admin/orders')[1]?.query.get('status')).toBe('paid');

    fireEvent.change(screen.getByTestId('filter-from'), { target: { value: '2024-05-01' } });
    fireEvent.change(screen.getByTestId('filter-to'), { target: { value: '2024-05-03' } });
    await waitFor(() => expect(bff.callsTo('GET /admin/orders').at(-1)?.query.get('to')).toBeTruthy());
    const last = bff.callsTo('GET /admin/orders').at(-1)!.query;
    expect(last.get('status')).toBe('paid');
    expect(last.get('from')).toBe('2024-04-30T16:00:00.000Z');
    expect(last.get('to')).toBe('2024-05-03T15:59:59.999Z');
    expect(screen.getByTestId('empty').textContent).toBe('没有符合条件的订单');
  });

  it('pages through a long list', async () => {
    const bff = fakeBff({
      'GET /admin/orders': ({ query }) => ({
        body: { orders: [order({ sn: `SN0000000${query.get('offset')}` })], total: 45 },
      }),
    });
    renderScreen(<OrdersScreen />, bff);
    expect((await screen.findByTestId('pager-range')).textContent).toBe('第 1–20 条，共 45 条');
    fireEvent.click(screen.getByText('下一页'));
    await screen.findByTestId('order-row-SN000000020');
    expect(screen.getByTestId('pager-range').textContent).toBe('第 21–40 条，共 45 条');
    fireEvent.click(screen.getByText('下一页'));
    await screen.findByTestId('order-row-SN000000040');
    expect((screen.getByText('下一页') as HTMLButtonElement).disabled).toBe(true);
  });

  it('marks a paid order shipped and shows the notice result', async () => {
    let shippedNow = false;
    const bff = fakeBff({
      'GET /admin/orders': () => ({
        body: {
          orders: [
            shippedNow ? order({ status: 'shipped', carrier: '顺丰速运', trackingNo: 'SF1234567' }) : paid,
          ],
          total: 1,
        },
      }),
      'POST /admin/orders/:sn/ship': ({ body }) => {
        shippedNow = true;
        return {
          body: {
            order: order({ status: 'shipped', ...(body as object) }),
            notice: { sn: paid.sn, kind: 'shipped', status: 'sent', channel: 'template' },
          },
        };
      },
    });
    renderScreen(<OrdersScreen />, bff);
    fireEvent.click(await screen.findByTestId(`ship-${paid.sn}`));
    fireEvent.change(screen.getByTestId('ship-carrier'), { target: { value: '顺丰速运' } });
    fireEvent.change(screen.getByTestId('ship-tracking'), { target: { value: 'SF1234567' } });
    fireEvent.click(screen.getByTestId('ship-submit'));

    const result = await screen.findByTestId('ship-result');
    expect(result.textContent).toContain(`订单 ${paid.sn} 已标记发货（顺丰速运 SF1234567）`);
    expect(result.textContent).toContain('发货通知：已发送（模板消息）');
    const [post] = bff.callsTo(`POST /admin/orders/${paid.sn}/ship`);
    expect(post?.body).toEqual({ carrier: '顺丰速运', trackingNo: 'SF1234567' });
    await waitFor(() =>
      expect(
        within(screen.getByTestId(`order-row-${paid.sn}`)).getByTestId('order-status').textContent,
      ).toContain('已发货'),
    );
    expect(screen.queryByTestId('ship-form')).toBeNull();
  });

  it('shows a failed shipped notice with WeChat’s errcode', async () => {
    const bff = fakeBff({
      'GET /admin/orders': () => ({ body: { orders: [paid], total: 1 } }),
      'POST /admin/orders/:sn/ship': () => ({
        body: {
          order: order({ status: 'shipped', carrier: 'EMS', trackingNo: 'EMS0001' }),
          notice: {
            sn: paid.sn,
            kind: 'shipped',
            status: 'failed',
            errcode: 43101,
            errmsg: 'user refuse to accept the msg',
          },
        },
      }),
    });
    renderScreen(<OrdersScreen />, bff);
    fireEvent.click(await screen.findByTestId(`ship-${paid.sn}`));
    fireEvent.change(screen.getByTestId('ship-carrier'), { target: { value: 'EMS' } });
    fireEvent.change(screen.getByTestId('ship-tracking'), { target: { value: 'EMS0001' } });
    fireEvent.click(screen.getByTestId('ship-submit'));
    const result = await screen.findByTestId('ship-result');
    expect(result.textContent).toContain('发货通知：发送失败 错误 43101 user refuse to accept the msg');
    expect(result.className).toContain('state-error');
  });

  it('checks the tracking number before posting and shows the server’s refusal plainly', async () => {
    const bff = fakeBff({
      'GET /admin/orders': () => ({ body: { orders: [paid], total: 1 } }),
      'POST /admin/orders/:sn/ship': () =>
        errorReply(409, `order ${paid.sn} is already shipped`, 'ORDER_NOT_SHIPPABLE'),
    });
    renderScreen(<OrdersScreen />, bff);
    fireEvent.click(await screen.findByTestId(`ship-${paid.sn}`));
    fireEvent.change(screen.getByTestId('ship-carrier'), { target: { value: '顺丰速运' } });
    fireEvent.change(screen.getByTestId('ship-tracking'), { target: { value: 'SF 1' } });
    fireEvent.click(screen.getByTestId('ship-submit'));
    expect((await screen.findByTestId('ship-error')).textContent).toBe(
      '运单号应为 4–32 位字母、数字或连字符',
    );
    expect(bff.callsTo(`POST /admin/orders/${paid.sn}/ship`)).toHaveLength(0);

    fireEvent.change(screen.getByTestId('ship-tracking'), { target: { value: 'SF123456' } });
    fireEvent.click(screen.getByTestId('ship-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('ship-error').textContent).toBe(`order ${paid.sn} is already shipped`),
    );
    expect(screen.queryByTestId('ship-result')).toBeNull();
  });

  it('shows a load error with its message and retries', async () => {
    let fail = true;
    const bff = fakeBff({
      'GET /admin/orders': () =>
        fail
          ? errorReply(400, 'querystring "from" must match format "date-time"')
          : { body: { orders: [paid], total: 1 } },
    });
    renderScreen(<OrdersScreen />, bff);
    expect((await screen.findByTestId('error')).textContent).toContain(
      '出错了：querystring "from" must match format "date-time"',
    );
    fail = false;
    fireEvent.click(screen.getByText('重试'));
    await screen.findByTestId(`order-row-${paid.sn}`);
    expect(screen.queryByTestId('error')).toBeNull();
  });

  it('shows the loading state until the list arrives', async () => {
    let release: () => void = () => {};
    const bff = fakeBff({
      'GET /admin/orders': () =>
        new Promise((resolve) => {
          release = () => resolve({ body: { orders: [paid], total: 1 } });
        }),
    });
    renderScreen(<OrdersScreen />, bff);
    expect(screen.getByTestId('loading').textContent).toBe('加载中…');
    await waitFor(() => expect(bff.calls).toHaveLength(1));
    release();
    await screen.findByTestId(`order-row-${paid.sn}`);
    expect(screen.queryByTestId('loading')).toBeNull();
  });
});
