import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../src/App.js';
import { saveAdminToken } from '../src/session.js';
import { BASE_URL, errorReply, fakeBff } from './fake-bff.js';
import { order, trigger } from './fixtures.js';

const TOKEN_KEY = 'checkout.console.adminToken';

describe('console shell', () => {
  it('asks for the admin token, keeps it in sessionStorage and sends it as the bearer', async () => {
    const bff = fakeBff({ 'GET /admin/orders': () => ({ body: { orders: [order()], total: 1 } }) });
    render(<App apiBase={BASE_URL} fetch={bff.fetch} />);
    expect(bff.calls).toHaveLength(0);

    fireEvent.change(screen.getByTestId('token-input'), { target: { value: '  secret-admin-token ' } });
    fireEvent.click(screen.getByTestId('token-submit'));

    await screen.findByTestId('order-row-SN20240501001');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('secret-admin-token');
    expect(bff.calls[0]?.authorization).toBe('Bearer secret-admin-token');
  });

  it('goes back to the token prompt on a 401 and forgets the token', async () => {
    saveAdminToken('stale-token');
    const bff = fakeBff({
      'GET /admin/orders': ({ authorization }) =>
        authorization === 'Bearer fresh-token'
          ? { body: { orders: [order()], total: 1 } }
          : errorReply(401, 'admin routes need Authorization: Bearer <ADMIN_TOKEN>', 'ADMIN_REQUIRED'),
    });
    render(<App apiBase={BASE_URL} fetch={bff.fetch} />);

    const reason = await screen.findByTestId('token-reason');
    expect(reason.textContent).toContain('admin routes need Authorization: Bearer <ADMIN_TOKEN>');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();

    fireEvent.change(screen.getByTestId('token-input'), { target: { value: 'fresh-token' } });
    fireEvent.click(screen.getByTestId('token-submit'));
    await screen.findByTestId('order-row-SN20240501001');
    expect(screen.queryByTestId('token-reason')).toBeNull();
  });

  it('a 401 from an action (not only a list) also signs out', async () => {
    saveAdminToken('tok');
    window.location.hash = '#/triggers';
    const bff = fakeBff({
      'GET /admin/triggers': () => ({ body: { triggers: [trigger()] } }),
      'PATCH /admin/triggers/:id': () => errorReply(401, 'token revoked'),
    });
    render(<App apiBase={BASE_URL} fetch={bff.fetch} />);
    fireEvent.click(await screen.findByTestId('trigger-toggle-3'));
    expect((await screen.findByTestId('token-reason')).textContent).toContain('token revoked');
  });

  it('switches screens by hash and highlights the tab', async () => {
    saveAdminToken('tok');
    const bff = fakeBff({
      'GET /admin/orders': () => ({ body: { orders: [], total: 0 } }),
      'GET /admin/notices': () => ({ body: { notices: [], total: 0 } }),
      'GET /admin/triggers': () => ({ body: { triggers: [trigger()] } }),
      'GET /admin/trigger-logs': () => ({ body: { logs: [], total: 0 } }),
    });
    render(<App apiBase={BASE_URL} fetch={bff.fetch} />);
    await screen.findByTestId('orders-screen');
    expect(screen.getByTestId('nav-orders').className).toBe('active');

    act(() => {
      window.location.hash = '#/notices';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await screen.findByTestId('notices-screen');
    expect(screen.getByTestId('nav-notices').className).toBe('active');

    act(() => {
      window.location.hash = '#/triggers/3/logs';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await screen.findByTestId('trigger-logs-screen');
    expect(screen.getByTestId('nav-triggers').className).toBe('active');
    await waitFor(() => expect(bff.callsTo('GET /admin/trigger-logs')[0]?.query.get('triggerId')).toBe('3'));
  });

  it('signs out on request', async () => {
    saveAdminToken('tok');
    const bff = fakeBff({ 'GET /admin/orders': () => ({ body: { orders: [], total: 0 } }) });
    render(<App apiBase={BASE_URL} fetch={bff.fetch} />);
    fireEvent.click(await screen.findByTestId('sign-out'));
    expect(screen.getByTestId('token-form')).toBeTruthy();
    expect(screen.queryByTestId('token-reason')).toBeNull();
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('shows every time in one labelled zone, Beijing time unless the merchant picks another', async () => {
    saveAdminToken('tok');
    const bff = fakeBff({ 'GET /admin/orders': () => ({ body: { orders: [order()], total: 1 } }) });
    const { unmount } = render(<App apiBase={BASE_URL} fetch={bff.fetch} />);
    const row = await screen.findByTestId('order-row-SN20240501001');
    // Created at 02:03:04 UTC: 10:03:04 in Beijing.
    expect(row.textContent).toContain('2024-05-01 10:03:04');
    expect(screen.getByText('下单时间（北京时间）')).toBeTruthy();
    expect((screen.getByTestId('time-zone') as HTMLSelectElement).value).toBe('Asia/Shanghai');

    fireEvent.change(screen.getByTestId('time-zone'), { target: { value: 'UTC' } });
    expect(screen.getByTestId('order-row-SN20240501001').textContent).toContain('2024-05-01 02:03:04');
    expect(screen.getByText('下单时间（UTC）')).toBeTruthy();

    // The choice is kept for the next visit.
    unmount();
    render(<App apiBase={BASE_URL} fetch={bff.fetch} />);
    expect((await screen.findByTestId('order-row-SN20240501001')).textContent).toContain('02:03:04');
  });
});
