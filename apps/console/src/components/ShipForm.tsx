// Carrier + tracking number for one paid order; posts the ship route and hands back its reply.

import { ShipBody, type ShipReply } from '@checkout/shared';
import { type FormEvent, useState } from 'react';
import { useApi } from '../api/api-context.js';
import { type FieldTexts, schemaProblem } from '../forms/schema-problem.js';

const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '京东物流', 'EMS'];
const SHIP_FIELDS: FieldTexts = {
  '/carrier': { label: '快递公司' },
  '/trackingNo': { label: '运单号', format: '应为 4–32 位字母、数字或连字符' },
};

export function ShipForm({
  sn,
  onShipped,
  onCancel,
}: {
  sn: string;
  onShipped(reply: ShipReply): void;
  onCancel(): void;
}) {
  const { api, describeError } = useApi();
  const [carrier, setCarrier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: ShipBody = { carrier: carrier.trim(), trackingNo: trackingNo.trim() };
    const problem = schemaProblem(ShipBody, body, SHIP_FIELDS);
    if (problem) return setError(problem.message);
    setBusy(true);
    setError(undefined);
    try {
      onShipped(await api.shipOrder(sn, body));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} data-testid="ship-form">
      <h3>标记发货：{sn}</h3>
      <label>
        快递公司
        <input
          list="carriers"
          value={carrier}
          onChange={(e) => setCarrier(e.target.value)}
          data-testid="ship-carrier"
          maxLength={32}
        />
        <datalist id="carriers">
          {CARRIERS.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </label>
      <label>
        运单号
        <input
          value={trackingNo}
          onChange={(e) => setTrackingNo(e.target.value)}
          data-testid="ship-tracking"
          maxLength={32}
        />
      </label>
      {error && (
        <p className="state state-error" role="alert" data-testid="ship-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy} data-testid="ship-submit">
          {busy ? '提交中…' : '确认发货'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          取消
        </button>
      </div>
    </form>
  );
}
