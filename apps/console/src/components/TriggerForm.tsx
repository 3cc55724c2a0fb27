// Create or edit one trigger: name, condition fields, action and its settings.

import type { Trigger, TriggerReply } from '@checkout/shared';
import { type FormEvent, useState } from 'react';
import { useApi } from '../api/api-context.js';
import type { ApiClient } from '../api/client.js';
import {
  ACTION_LABELS,
  type ActionType,
  createBody,
  draftFromTrigger,
  EMPTY_DRAFT,
  type TriggerDraft,
  updateBody,
} from '../trigger-draft.js';

/** The call that saves the draft, or what is wrong with it. */
function prepareSave(
  api: ApiClient,
  draft: TriggerDraft,
  existing: Trigger | undefined,
): string | (() => Promise<TriggerReply>) {
  if (existing) {
    const body = updateBody(draft, existing);
    return body.ok ? () => api.updateTrigger(existing.id, body.value) : body.error;
  }
  const body = createBody(draft);
  return body.ok ? () => api.createTrigger(body.value) : body.error;
}

export function TriggerForm({
  existing,
  onSaved,
  onCancel,
}: {
  existing?: Trigger;
  onSaved(trigger: Trigger): void;
  onCancel(): void;
}) {
  const { api, describeError } = useApi();
  const [draft, setDraft] = useState<TriggerDraft>(() =>
    existing ? draftFromTrigger(existing) : EMPTY_DRAFT,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const set =
    <K extends keyof TriggerDraft>(key: K) =>
    (value: TriggerDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const save = prepareSave(api, draft, existing);
    if (typeof save === 'string') return setError(save);
    setBusy(true);
    setError(undefined);
    try {
      const reply = await save();
      onSaved(reply.trigger);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const text = (key: keyof TriggerDraft, label: string, placeholder?: string) => (
    <label>
      {label}
      <input
        value={String(draft[key])}
        placeholder={placeholder}
        onChange={(e) => set(key)(e.target.value as never)}
        data-testid={`trigger-${key}`}
      />
    </label>
  );

  return (
    <form className="panel trigger-form" onSubmit={submit} data-testid="trigger-form">
      <h3>{existing ? `编辑触发器：${existing.name}` : '新建触发器'}</h3>
      <fieldset>
        <legend>基本</legend>
        {text('name', '名称')}
        <label className="inline">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set('enabled')(e.target.checked)}
            data-testid="trigger-enabled"
          />
          启用
        </label>
        {text('maxAttempts', '最多尝试次数', '默认')}
      </fieldset>
      <fieldset>
        <legend>条件（留空表示不限）</legend>
        {text('appid', 'AppID')}
        {text('msgType', 'MsgType', 'event')}
        {text('event', 'Event', 'user_consume_card')}
        <label>
          字段条件（每行一个 字段名=值）
          <textarea
            rows={3}
            value={draft.fields}
            placeholder="ConsumeSource=FROM_API"
            onChange={(e) => set('fields')(e.target.value)}
            data-testid="trigger-fields"
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>动作</legend>
        <label>
          类型
          <select
            value={draft.actionType}
            onChange={(e) => set('actionType')(e.target.value as ActionType)}
            data-testid="trigger-actionType"
          >
            {(Object.keys(ACTION_LABELS) as ActionType[]).map((type) => (
              <option key={type} value={type}>
                {ACTION_LABELS[type]}
              </option>
            ))}
          </select>
        </label>
        {draft.actionType === 'forward' && (
          <>
            {text('forwardUrl', '转发地址', 'https://')}
            <label>
              签名密钥（HMAC-SHA256）
              <input
                type="password"
                autoComplete="off"
                value={draft.forwardSecret}
                placeholder={existing?.action.type === 'forward' ? '不修改请留空' : '至少 16 个字符'}
                onChange={(e) => set('forwardSecret')(e.target.value)}
                data-testid="trigger-forwardSecret"
              />
            </label>
          </>
        )}
        {draft.actionType === 'handler' && text('handlerName', '处理函数名称')}
      </fieldset>
      {error && (
        <p className="state state-error" role="alert" data-testid="trigger-form-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy} data-testid="trigger-save">
          {busy ? '保存中…' : '保存'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          取消
        </button>
      </div>
    </form>
  );
}
