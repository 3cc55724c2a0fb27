import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../src/App.js';
import { saveAdminToken } from '../src/session.js';
import { BASE_URL, fakeBff } from './fake-bff.js';
import { order } from './fixtures.js';

/** Orders whose sn says which page they were asked for, 45 in all. */
const pagedOrders = () =>
  fakeBff({
    'GET /admin/orders': ({ query }) => ({
      body: { orders: [order({ sn: `SN0000000${query.get('offset')}` })], total: 45 },
    }),
  });

const lastOrdersQuery = (bff: ReturnType<typeof fakeBff>) =>
  Object.fromEntries(bff.callsTo('GET /admin/orders').at(-1)!.query);

/** Back or forward, as the browser's buttons do: the URL changes and popstate fires. */
async function historyStep(step: () => void) {
  await act(async () => {
    const popped = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    step();
    await popped;
  });
}

describe('the view lives in the URL', () => {
  it('a shared link opens the same screen, filters and page', async () => {
    saveAdminToken('tok');
    window.history.replaceState(null, '', '#/orders?status=paid&from=2024-05-01&page=3');
    const bff = pagedOrders();
    render(<App apiBase={BASE_URL} fetch={bff.fetch} />);
    await screen.findByTestId('order-row-SN000000040');
    expect(lastOrdersQuery(bff)).toEqual({
      status: 'paid',
      from: '2024-04-30T16:00:00.000Z',
      limit: '20',
      offset: '40',
    });
    expect((screen.getByTestId('filter-status') as HTMLSelectElement).value).toBe('paid');
    expect((screen.getByTestId('filter-from') as HTMLInputElement).value).toBe('2024-05-01');
    expect(screen.getByTestId('pager-range').textContent).toBe('第 41–45 条，共 45 条');
  });

  it('filters and pages are written to the URL, and back/forward walk through them', async () => {
    saveAdminToken('tok');
    window.history.replaceState(null, '', '#/orders');
    const bff = pagedOrders();
    render(<App apiBase={BASE_URL} fetch={bff.fetch} />);
    await screen.findByTestId('order-row-SN00000000');

    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'paid' } });
    await waitFor(() => expect(lastOrdersQuery(bff).status).toBe('paid'));
    fireEvent.click(await screen.findByText('下一页'));
    await screen.findByTestId('order-row-SN000000020');
    expect(window.location.hash).toBe('#/orders?status=paid&page=2');

    // A new filter starts again at the first page.
    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'shipped' } });
    await screen.findByTestId('order-row-SN00000000');
    expect(window.location.hash).toBe('#/orders?status=shipped');

    // Views seen a moment ago show at once from the cache (and refresh behind).
    await historyStep(() => window.history.back());
    expect(screen.getByTestId('order-row-SN000000020')).toBeTruthy();
    expect(screen.queryByTestId('loading')).toBeNull();
    expect((screen.getByTestId('filter-status') as HTMLSelectElement).value).toBe('paid');

    await historyStep(() => window.history.back());
    expect(screen.getByTestId('order-row-SN00000000')).toBeTruthy();
    expect((screen.getByTestId('filter-status') as HTMLSelectElement).value).toBe('paid');
    expect(window.location.hash).toBe('#/orders?status=paid');

    await historyStep(() => window.history.forward());
    expect(screen.getByTestId('order-row-SN000000020')).toBeTruthy();
    expect(window.location.hash).toBe('#/orders?status=paid&page=2');
    await waitFor(() => expect(lastOrdersQuery(bff)).toMatchObject({ status: 'paid', offset: '20' }));
  });

  it('typing in a text filter edits the current history entry instead of adding one per key', async () => {
    saveAdminToken('tok');
    window.history.replaceState(null, '', '#/notices');
    const bff = fakeBff({ 'GET /admin/notices': () => ({ body: { notices: [], total: 0 } }) });
    render(<App apiBase={BASE_URL} fetch={bff.fetch} />);
    await screen.findByTestId('notices-screen');
    const before = window.history.length;
    for (const text of ['S', 'SN', 'SN2024050100']) {
      fireEvent.change(screen.getByTestId('filter-sn'), { target: { value: text } });
    }
    expect(window.location.hash).toBe('#/notices?sn=SN2024050100');
    expect(window.history.length).toBe(before);
    await waitFor(() =>
      expect(bff.callsTo('GET /admin/notices').at(-1)?.query.get('sn')).toBe('SN2024050100'),
    );
  });
});
