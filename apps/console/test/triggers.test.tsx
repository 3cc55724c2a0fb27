import type { Trigger } from '@checkout/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TriggersScreen } from '../src/screens/TriggersScreen.js';
import { errorReply, fakeBff } from './fake-bff.js';
import { trigger } from './fixtures.js';
import { renderScreen } from './render.js';

const forward = trigger({
  id: 4,
  name: '转发到 CRM',
  enabled: false,
  condition: { appid: 'wxtest0000000001', msgType: 'event', fields: { ConsumeSource: 'FROM_API' } },
  action: { type: 'forward', url: 'https://crm.example.com/hook' },
  maxAttempts: 3,
});

/** A fake BFF holding a real list of triggers, so reloads show what the calls did. */
function triggerStore(initial: Trigger[]) {
  let triggers = [...initial];
  let nextId = 10;
  const bff = fakeBff({
    'GET /admin/triggers': () => ({ body: { triggers } }),
    'POST /admin/triggers': ({ body }) => {
      const created = trigger({ ...(body as Partial<Trigger>), id: nextId++ });
      triggers = [...triggers, created];
      return { status: 201, body: { trigger: created } };
    },
    'PATCH /admin/triggers/:id': ({ path, body }) => {
      const id = Number(path.split('/').at(-1));
      triggers = triggers.map((t) => (t.id === id ? { ...t, ...(body as Partial<Trigger>) } : t));
      return { body: { trigger: triggers.find((t) => t.id === id) } };
    },
    'DELETE /admin/triggers/:id': ({ path }) => {
      const id = Number(path.split('/').at(-1));
      triggers = triggers.filter((t) => t.id !== id);
      return { status: 204 };
    },
  });
  return bff;
}

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('触发器 screen', () => {
  it('lists triggers with state, condition, action and a link to their logs', async () => {
    const bff = triggerStore([trigger(), forward]);
    renderScreen(<TriggersScreen />, bff);
    const row = await screen.findByTestId('trigger-row-3');
    expect([...row.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent)).toEqual([
      '记录核销',
      '已启用',
      'MsgType=event，Event=user_consume_card',
      '记录卡券核销',
      '5',
    ]);
    const other = screen.getByTestId('trigger-row-4');
    expect(within(other).getByTestId('trigger-state').textContent).toBe('已停用');
    expect(other.textContent).toContain('AppID=wxtest0000000001，MsgType=event，ConsumeSource=FROM_API');
    expect(other.textContent).toContain('转发到网址：https://crm.example.com/hook');
    expect(screen.getByTestId('trigger-logs-4').getAttribute('href')).toBe('#/triggers/4/logs');
  });

  it('shows the empty state', async () => {
    renderScreen(<TriggersScreen />, triggerStore([]));
    expect((await screen.findByTestId('empty')).textContent).toBe('还没有触发器');
  });

  it('creates a forward trigger with condition fields and settings', async () => {
    const bff = triggerStore([]);
    renderScreen(<TriggersScreen />, bff);
    await screen.findByTestId('empty');
    fireEvent.click(screen.getByTestId('trigger-create'));
    type('trigger-name', '转发核销');
    type('trigger-maxAttempts', '4');
    type('trigger-fields', 'ConsumeSource=FROM_API\n\nLocationName = 南山店 ');
    type('trigger-actionType', 'forward');
    type('trigger-forwardUrl', 'https://crm.example.com/hook');
    type('trigger-forwardSecret', 'short');
    fireEvent.click(screen.getByTestId('trigger-save'));
    expect((await screen.findByTestId('trigger-form-error')).textContent).toBe('签名密钥至少 16 个字符');
    expect(bff.callsTo('POST /admin/triggers')).toHaveLength(0);

    type('trigger-forwardSecret', 'a-long-enough-secret');
    fireEvent.click(screen.getByTestId('trigger-save'));
    await screen.findByTestId('trigger-row-10');
    expect(bff.callsTo('POST /admin/triggers')[0]?.body).toEqual({
      name: '转发核销',
      enabled: true,
      maxAttempts: 4,
      condition: {
        msgType: 'event',
        event: 'user_consume_card',
        fields: { ConsumeSource: 'FROM_API', LocationName: '南山店' },
      },
      action: { type: 'forward', url: 'https://crm.example.com/hook', secret: 'a-long-enough-secret' },
    });
    expect(screen.queryByTestId('trigger-form')).toBeNull();
  });

  it('refuses a malformed field condition before posting', async () => {
    const bff = triggerStore([]);
    renderScreen(<TriggersScreen />, bff);
    fireEvent.click(await screen.findByTestId('trigger-create'));
    type('trigger-name', 'x');
    type('trigger-fields', '1bad=value');
    fireEvent.click(screen.getByTestId('trigger-save'));
    expect((await screen.findByTestId('trigger-form-error')).textContent).toContain('字段条件第 1 行');
    expect(bff.callsTo('POST /admin/triggers')).toHaveLength(0);
  });

  it('edits a forward trigger without resending the secret it never received', async () => {
    const bff = triggerStore([forward]);
    renderScreen(<TriggersScreen />, bff);
    fireEvent.click(await screen.findByTestId('trigger-edit-4'));
    expect((screen.getByTestId('trigger-fields') as HTMLTextAreaElement).value).toBe(
      'ConsumeSource=FROM_API',
    );
    expect((screen.getByTestId('trigger-forwardUrl') as HTMLInputElement).value).toBe(
      'https://crm.example.com/hook',
    );
    type('trigger-name', '转发到新 CRM');
    type('trigger-event', 'user_consume_card');
    fireEvent.click(screen.getByTestId('trigger-save'));
    await waitFor(() => expect(screen.getByTestId('trigger-row-4').textContent).toContain('转发到新 CRM'));
    expect(bff.callsTo('PATCH /admin/triggers/4')[0]?.body).toEqual({
      name: '转发到新 CRM',
      enabled: false,
      maxAttempts: 3,
      condition: {
        appid: 'wxtest0000000001',
        msgType: 'event',
        event: 'user_consume_card',
        fields: { ConsumeSource: 'FROM_API' },
      },
    });
  });

  it('asks for the secret again when the forward URL changes', async () => {
    const bff = triggerStore([forward]);
    renderScreen(<TriggersScreen />, bff);
    fireEvent.click(await screen.findByTestId('trigger-edit-4'));
    type('trigger-forwardUrl', 'https://other.example.com/hook');
    fireEvent.click(screen.getByTestId('trigger-save'));
    expect((await screen.findByTestId('trigger-form-error')).textContent).toBe('签名密钥至少 16 个字符');
    expect(bff.callsTo('PATCH /admin/triggers/4')).toHaveLength(0);
  });

  it('enables and disables a trigger', async () => {
    const bff = triggerStore([trigger()]);
    renderScreen(<TriggersScreen />, bff);
    fireEvent.click(await screen.findByTestId('trigger-toggle-3'));
    await waitFor(() => expect(screen.getByTestId('trigger-state').textContent).toBe('已停用'));
    expect(bff.callsTo('PATCH /admin/triggers/3')[0]?.body).toEqual({ enabled: false });
    expect(screen.getByTestId('trigger-toggle-3').textContent).toBe('启用');
  });

  it('deletes only after confirmation', async () => {
    const bff = triggerStore([trigger(), forward]);
    renderScreen(<TriggersScreen />, bff);
    fireEvent.click(await screen.findByTestId('trigger-delete-4'));
    expect(bff.callsTo('DELETE /admin/triggers/4')).toHaveLength(0);
    expect(screen.getByTestId('trigger-confirm-4').textContent).toContain('确定删除？');
    fireEvent.click(within(screen.getByTestId('trigger-confirm-4')).getByText('取消'));
    expect(screen.queryByTestId('trigger-confirm-4')).toBeNull();

    fireEvent.click(screen.getByTestId('trigger-delete-4'));
    fireEvent.click(screen.getByTestId('trigger-delete-confirm-4'));
    await waitFor(() => expect(screen.queryByTestId('trigger-row-4')).toBeNull());
    expect(bff.callsTo('DELETE /admin/triggers/4')).toHaveLength(1);
    expect(screen.getByTestId('trigger-row-3')).toBeTruthy();
  });

  it('shows the server’s refusal of a save', async () => {
    const bff = triggerStore([]);
    bff.on('POST /admin/triggers', () =>
      errorReply(400, 'forward URL host crm.evil.test is not on the allow-list'),
    );
    renderScreen(<TriggersScreen />, bff);
    fireEvent.click(await screen.findByTestId('trigger-create'));
    type('trigger-name', '转发');
    type('trigger-actionType', 'forward');
    type('trigger-forwardUrl', 'https://crm.evil.test/hook');
    type('trigger-forwardSecret', 'a-long-enough-secret');
    fireEvent.click(screen.getByTestId('trigger-save'));
    expect((await screen.findByTestId('trigger-form-error')).textContent).toBe(
      'forward URL host crm.evil.test is not on the allow-list',
    );
  });

  it('leaves the forward URL rules to the BFF: http on loopback is posted, as the BFF accepts it', async () => {
    const bff = triggerStore([]);
    renderScreen(<TriggersScreen />, bff);
    fireEvent.click(await screen.findByTestId('trigger-create'));
    type('trigger-name', '本机接收');
    type('trigger-actionType', 'forward');
    type('trigger-forwardUrl', 'http://127.0.0.1:9000/hook');
    type('trigger-forwardSecret', 'a-long-enough-secret');
    fireEvent.click(screen.getByTestId('trigger-save'));
    await screen.findByTestId('trigger-row-10');
    expect(bff.callsTo('POST /admin/triggers')[0]?.body).toMatchObject({
      action: { type: 'forward', url: 'http://127.0.0.1:9000/hook' },
    });
  });

  it('says in Chinese what the shared schema refuses, pointing at the field', async () => {
    const bff = triggerStore([]);
    renderScreen(<TriggersScreen />, bff);
    fireEvent.click(await screen.findByTestId('trigger-create'));
    const error = async () => {
      fireEvent.click(screen.getByTestId('trigger-save'));
      return (await screen.findByTestId('trigger-form-error')).textContent;
    };
    expect(await error()).toBe('请填写触发器名称');
    type('trigger-name', '处理');
    type('trigger-maxAttempts', '30');
    expect(await error()).toBe('最多尝试次数应为 1–20 的整数');
    type('trigger-maxAttempts', '');
    type('trigger-actionType', 'handler');
    expect(await error()).toBe('请填写处理函数名称');
    type('trigger-handlerName', 'h');
    type('trigger-fields', 'Event=x\n1bad=value');
    expect(await error()).toBe('字段条件第 2 行：字段条件不接受“1bad”');
    expect(bff.callsTo('POST /admin/triggers')).toHaveLength(0);
  });
});
