import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EventsScreen } from '../src/screens/EventsScreen.js';
import { errorReply, fakeBff } from './fake-bff.js';
import { pushEvent } from './fixtures.js';
import { renderScreen } from './render.js';

describe('事件 screen', () => {
  it('lists events and shows the raw JSON on demand', async () => {
    const text = pushEvent({
      id: 8,
      msgType: 'text',
      event: undefined,
      duplicates: 0,
      payload: { MsgType: 'text', Content: '你好' },
    });
    const bff = fakeBff({ 'GET /admin/events': () => ({ body: { events: [pushEvent(), text], total: 2 } }) });
    renderScreen(<EventsScreen />, bff);

    const row = await screen.findByTestId('event-row-7');
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(0, 5)).toEqual([
      '7',
      'wxtest0000000001',
      'event',
      'user_consume_card',
      'oUser****abc',
    ]);
    expect(cells[6]).toBe('2');
    expect(screen.getByTestId('event-row-8').querySelectorAll('td')[3]?.textContent).toBe('—');

    expect(screen.queryByTestId('event-raw-7')).toBeNull();
    fireEvent.click(screen.getByTestId('event-raw-toggle-7'));
    expect(JSON.parse(screen.getByTestId('event-raw-7').textContent ?? '')).toEqual(pushEvent().payload);
    fireEvent.click(screen.getByTestId('event-raw-toggle-8'));
    expect(screen.queryByTestId('event-raw-7')).toBeNull();
    expect(screen.getByTestId('event-raw-8').textContent).toContain('"Content": "你好"');
  });

  it('filters by message type, event and day', async () => {
    const bff = fakeBff({ 'GET /admin/events': () => ({ body: { events: [], total: 0 } }) });
    renderScreen(<EventsScreen />, bff);
    await screen.findByTestId('empty');
    fireEvent.change(screen.getByTestId('filter-type'), { target: { value: 'event' } });
    fireEvent.change(screen.getByTestId('filter-event'), { target: { value: 'user_consume_card' } });
    fireEvent.change(screen.getByTestId('filter-from'), { target: { value: '2024-05-03' } });
    await waitFor(() => expect(bff.callsTo('GET /admin/events').at(-1)?.query.get('from')).toBeTruthy());
    const query = bff.callsTo('GET /admin/events').at(-1)!.query;
    expect(query.get('type')).toBe('event');
    expect(query.get('event')).toBe('user_consume_card');
    expect(query.get('from')).toBe('2024-05-02T16:00:00.000Z');
    expect(query.has('to')).toBe(false);
  });

  it('shows the server’s error message', async () => {
    const bff = fakeBff({ 'GET /admin/events': () => errorReply(400, 'querystring "limit" must be <= 200') });
    renderScreen(<EventsScreen />, bff);
    expect((await screen.findByRole('alert')).textContent).toContain('querystring "limit" must be <= 200');
  });
});
