// Amount (yuan) and reason of a refund for one paid order. The Idempotency-Key is made when the form
// opens, so a double click or a retried submit refunds once.

import type { AdminOrder, CreateRefundReply } from '@checkout/shared';
import { formatFen } from '@checkout/shared';
import { type FormEvent, useState } from 'react';
import { useApi } from '../api/api-context.js';
import { parseYuanToFen } from '../yuan.js';

/** What is left to refund: paid, minus refunds done or on their way. */
export function refundableFen(order: AdminOrder): number {
  const held = (order.refunds ?? [])
    .filter((r) => r.status === 'processing' || r.status === 'succeeded')
    .reduce((sum, r) => sum + r.amountFen, 0);
  return order.totalFen - held;
}

export function RefundForm({
  order,
  onRefunded,
  onCancel,
}: {
  order: AdminOrder;
  onRefunded(reply: CreateRefundReply): void;
  onCancel(): void;
}) {
  const { api, describeError } = useApi();
  const left = refundableFen(order);
  const [amount, setAmount] = useState((left / 100).toFixed(2));
  const [reason, setReason] = useState('');
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const amountFen = parseYuanToFen(amount);
    if (amountFen === undefined) return setError('退款金额应为大于 0 的金额，最多两位小数');
    if (amountFen > left) return setError(`退款金额不能超过可退金额 ${formatFen(left)}`);
    setBusy(true);
    setError(undefined);
    try {
      const body = { amountFen, ...(reason.trim() ? { reason: reason.trim() } : {}) };
      onRefunded(await api.refundOrder(order.sn, body, idempotencyKey));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} data-testid="refund-form">
      <h3>
        退款：{order.sn}（可退 {formatFen(left)}）
      </h3>
      <label>
        退款金额（元）
        <input
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          inputMode="decimal"
          data-testid="refund-amount"
          maxLength={12}
        />
      </label>
      <label>
        退款原因
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="refund-reason"
          maxLength={80}
        />
      </label>
      {error && (
        <p className="state state-error" role="alert" data-testid="refund-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy} data-testid="refund-submit">
          {busy ? '提交中…' : '确认退款'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          取消
        </button>
      </div>
    </form>
  );
}
