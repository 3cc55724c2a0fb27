import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TriggerLogsScreen } from '../src/screens/TriggerLogsScreen.js';
import { fakeBff } from './fake-bff.js';
import { trigger, triggerLog } from './fixtures.js';
import { renderScreen } from './render.js';

const failed = triggerLog({
  id: 12,
  attempt: 3,
  status: 'failed',
  durationMs: 5003,
  error: 'forward to https://crm.example.com/hook answered 502',
});

describe('trigger logs screen', () => {
  it("shows one trigger's runs with the error of a failed run", async () => {
    const bff = fakeBff({
      'GET /admin/triggers': () => ({ body: { triggers: [trigger()] } }),
      'GET /admin/trigger-logs': () => ({ body: { logs: [triggerLog(), failed], total: 2 } }),
    });
    renderScreen(<TriggerLogsScreen triggerId={3} />, bff);
    const row = await screen.findByTestId('trigger-log-row-12');
    expect([...row.querySelectorAll('td')].slice(1).map((td) => td.textContent)).toEqual([
      '7',
      '3',
      '失败',
      '5003 ms',
      'forward to https://crm.example.com/hook answered 502',
    ]);
    expect(screen.getByTestId('trigger-log-row-11').textContent).toContain('成功');
    expect(await screen.findByText('触发器日志：记录核销')).toBeTruthy();
    expect(bff.callsTo('GET /admin/trigger-logs')[0]?.query.toString()).toBe('triggerId=3&limit=20&offset=0');
  });

  it('filters by status', async () => {
    const bff = fakeBff({
      'GET /admin/triggers': () => ({ body: { triggers: [] } }),
      'GET /admin/trigger-logs': ({ query }) => ({
        body: query.get('status') === 'failed' ? { logs: [failed], total: 1 } : { logs: [], total: 0 },
      }),
    });
    renderScreen(<TriggerLogsScreen triggerId={3} />, bff);
    expect((await screen.findByTestId('empty')).textContent).toBe('暂无运行记录');
    expect(screen.getByText('触发器日志：#3')).toBeTruthy();
    fireEvent.change(screen.getByTestId('filter-log-status'), { target: { value: 'failed' } });
    await screen.findByTestId('trigger-log-row-12');
    await waitFor(() =>
      expect(bff.callsTo('GET /admin/trigger-logs').at(-1)?.query.toString()).toBe(
        'triggerId=3&status=failed&limit=20&offset=0',
      ),
    );
  });
});
