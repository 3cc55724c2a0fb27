// Asks for the ADMIN_TOKEN once per tab; shown again when the BFF refuses it.

import { type FormEvent, useState } from 'react';

export function TokenPrompt({ reason, onSubmit }: { reason?: string; onSubmit(token: string): void }) {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed) onSubmit(trimmed);
  };
  return (
    <main className="token-prompt">
      <form onSubmit={submit} data-testid="token-form">
        <h1>商户后台</h1>
        <p>请输入管理令牌（ADMIN_TOKEN），仅保存在当前标签页。</p>
        {reason && (
          <p className="state state-error" role="alert" data-testid="token-reason">
            令牌无效或已过期，请重新输入。（{reason}）
          </p>
        )}
        <input
          type="password"
          autoComplete="off"
          placeholder="管理令牌"
          aria-label="管理令牌"
          data-testid="token-input"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <button type="submit" data-testid="token-submit" disabled={!token.trim()}>
          进入
        </button>
      </form>
    </main>
  );
}
