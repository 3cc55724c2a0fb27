// 触发器: the rules that turn push events into actions; create, edit, enable/disable, delete.

import type { Trigger } from '@checkout/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/api-context.js';
import { merchantMessage } from '../api/merchant-message.js';
import { triggersQuery } from '../api/triggers-query.js';
import { Empty, ErrorMessage, Loading } from '../components/LoadState.js';
import { TriggerForm } from '../components/TriggerForm.js';
import { describeAction, describeCondition } from '../trigger-draft.js';

type Editing = { mode: 'create' } | { mode: 'edit'; trigger: Trigger };

export function TriggersScreen() {
  const { api, describeError } = useApi();
  const queryClient = useQueryClient();
  const triggers = useQuery(triggersQuery(api));
  const reloadTriggers = () => void queryClient.invalidateQueries(triggersQuery(api));
  const [editing, setEditing] = useState<Editing>();
  const [confirmingDelete, setConfirmingDelete] = useState<number>();
  const [busy, setBusy] = useState<number>();
  const [actionError, setActionError] = useState<string>();

  const act = async (id: number, work: () => Promise<unknown>) => {
    setBusy(id);
    setActionError(undefined);
    try {
      await work();
      reloadTriggers();
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setBusy(undefined);
      setConfirmingDelete(undefined);
    }
  };

  return (
    <section data-testid="triggers-screen">
      <h2>触发器</h2>
      <div className="filters">
        <button type="button" onClick={() => setEditing({ mode: 'create' })} data-testid="trigger-create">
          新建触发器
        </button>
      </div>
      {editing && (
        <TriggerForm
          key={editing.mode === 'edit' ? editing.trigger.id : 'new'}
          existing={editing.mode === 'edit' ? editing.trigger : undefined}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reloadTriggers();
          }}
        />
      )}
      {actionError && <ErrorMessage message={actionError} />}

      {triggers.isError && (
        <ErrorMessage message={merchantMessage(triggers.error)} onRetry={() => void triggers.refetch()} />
      )}
      {triggers.isPending && <Loading />}
      {triggers.data && triggers.data.triggers.length === 0 && <Empty text="还没有触发器" />}
      {triggers.data && triggers.data.triggers.length > 0 && (
        <table data-testid="triggers-table">
          <thead>
            <tr>
              <th>名称</th>
              <th>状态</th>
              <th>条件</th>
              <th>动作</th>
              <th>最多尝试</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {triggers.data.triggers.map((t) => (
              <tr key={t.id} data-testid={`trigger-row-${t.id}`}>
                <td>{t.name}</td>
                <td data-testid="trigger-state">{t.enabled ? '已启用' : '已停用'}</td>
                <td>{describeCondition(t)}</td>
                <td>{describeAction(t)}</td>
                <td>{t.maxAttempts}</td>
                <td className="row-actions">
                  <a href={`#/triggers/${t.id}/logs`} data-testid={`trigger-logs-${t.id}`}>
                    日志
                  </a>
                  <button
                    type="button"
                    onClick={() => setEditing({ mode: 'edit', trigger: t })}
                    data-testid={`trigger-edit-${t.id}`}
                  >
                    编辑
                  </button>
                  <button
                    type="button"
                    disabled={busy === t.id}
                    onClick={() => act(t.id, () => api.updateTrigger(t.id, { enabled: !t.enabled }))}
                    data-testid={`trigger-toggle-${t.id}`}
                  >
                    {t.enabled ? '停用' : '启用'}
                  </button>
                  {confirmingDelete === t.id ? (
                    <span className="confirm" data-testid={`trigger-confirm-${t.id}`}>
                      确定删除？
                      <button
                        type="button"
                        className="danger"
                        disabled={busy === t.id}
                        onClick={() => act(t.id, () => api.deleteTrigger(t.id))}
                        data-testid={`trigger-delete-confirm-${t.id}`}
                      >
                        删除
                      </button>
                      <button type="button" onClick={() => setConfirmingDelete(undefined)}>
                        取消
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="danger"
                      onClick={() => setConfirmingDelete(t.id)}
                      data-testid={`trigger-delete-${t.id}`}
                    >
                      删除
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
