import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OrdersScreen } from '../src/screens/OrdersScreen.js';
import { TriggerLogsScreen } from '../src/screens/TriggerLogsScreen.js';
import { TriggersScreen } from '../src/screens/TriggersScreen.js';
import { errorReply, fakeBff } from './fake-bff.js';
import { order, trigger } from './fixtures.js';
import { renderScreen } from './render.js';

describe('data fetching', () => {
  it('screens asking for the same data share one request', async () => {
    const bff = fakeBff({
      'GET /admin/triggers': () => ({ body: { triggers: [trigger()] } }),
      'GET /admin/trigger-logs': () => ({ body: { logs: [], total: 0 } }),
    });
    renderScreen(
      <>
        <TriggersScreen />
        <TriggerLogsScreen triggerId={3} />
      </>,
      bff,
    );
    await screen.findByTestId('trigger-row-3');
    await waitFor(() => expect(screen.getByText('触发器日志：记录核销')).toBeTruthy());
    expect(bff.callsTo('GET /admin/triggers')).toHaveLength(1);
  });

  it('a screen that goes away cancels its request', async () => {
    const bff = fakeBff({ 'GET /admin/orders': () => new Promise(() => {}) });
    const { unmount } = renderScreen(<OrdersScreen />, bff);
    await waitFor(() => expect(bff.calls).toHaveLength(1));
    const [call] = bff.calls;
    expect(call?.signal?.aborted).toBe(false);
    unmount();
    await waitFor(() => expect(call?.signal?.aborted).toBe(true));
  });

  it('retries an outage and shows the list once the BFF is back', async () => {
    let failures = 1;
    const bff = fakeBff({
      'GET /admin/orders': () =>
        failures-- > 0
          ? { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'busy' } }
          : { body: { orders: [order()], total: 1 } },
    });
    renderScreen(<OrdersScreen />, bff);
    await screen.findByTestId('order-row-SN20240501001', {}, { timeout: 5000 });
    expect(bff.callsTo('GET /admin/orders')).toHaveLength(2);
    expect(screen.queryByTestId('error')).toBeNull();
  });

  it('does not repeat a request the BFF refused', async () => {
    const bff = fakeBff({
      'GET /admin/orders': () =>
        errorReply(400, 'querystring "status" must be equal to one of the allowed values'),
    });
    renderScreen(<OrdersScreen />, bff);
    await screen.findByTestId('error');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(bff.callsTo('GET /admin/orders')).toHaveLength(1);
  });

  it('a refused token from a list signs the merchant out', async () => {
    const bff = fakeBff({ 'GET /admin/orders': () => errorReply(401, 'admin token revoked') });
    const { onUnauthorized } = renderScreen(<OrdersScreen />, bff);
    await waitFor(() => expect(onUnauthorized).toHaveBeenCalledWith('admin token revoked'));
  });
});
