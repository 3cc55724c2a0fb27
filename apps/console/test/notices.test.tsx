import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NoticesScreen } from '../src/screens/NoticesScreen.js';
import { fakeBff } from './fake-bff.js';
import { noticeLog } from './fixtures.js';
import { renderScreen } from './render.js';

describe('通知 screen', () => {
  it('shows each attempt with channel, credential, attempt and WeChat’s error', async () => {
    const bff = fakeBff({
      'GET /admin/notices': () => ({
        body: {
          notices: [
            noticeLog(),
            noticeLog({
              id: 2,
              kind: 'pay_success',
              channel: 'subscribe',
              credentialKind: 'subscription',
              attempt: 1,
              errcode: undefined,
              errmsg: undefined,
            }),
          ],
          total: 2,
        },
      }),
    });
    renderScreen(<NoticesScreen />, bff);
    const failed = await screen.findByTestId('notice-row-1');
    const cells = [...failed.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(0, 7)).toEqual([
      'SN20240501001',
      '发货通知',
      '模板消息',
      'prepay_id',
      '2',
      '41028',
      'invalid form id',
    ]);
    const sent = [...screen.getByTestId('notice-row-2').querySelectorAll('td')].map((td) => td.textContent);
    expect(sent.slice(1, 7)).toEqual(['支付成功通知', '订阅消息', '订阅授权', '1', '—', '—']);
  });

  it('filters by order number and kind', async () => {
    const bff = fakeBff({ 'GET /admin/notices': () => ({ body: { notices: [], total: 0 } }) });
    renderScreen(<NoticesScreen />, bff);
    expect((await screen.findByTestId('empty')).textContent).toBe('暂无通知记录');
    fireEvent.change(screen.getByTestId('filter-sn'), { target: { value: ' SN20240501001 ' } });
    fireEvent.change(screen.getByTestId('filter-kind'), { target: { value: 'shipped' } });
    await waitFor(() => expect(bff.callsTo('GET /admin/notices').at(-1)?.query.get('kind')).toBe('shipped'));
    expect(bff.callsTo('GET /admin/notices').at(-1)?.query.toString()).toBe(
      'sn=SN20240501001&kind=shipped&limit=20&offset=0',
    );
  });
});
