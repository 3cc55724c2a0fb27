import { WechatPayError } from '../errors.js';
import type { PayOrderQuery, PayTransaction } from './types.js';

/** Checks the fields the product relies on before calling the decrypted resource a transaction. */
export function asPayTransaction(resource: unknown): PayTransaction {
  const r = resource as Partial<PayTransaction> | null;
  const missing = (field: string): never => {
    throw new WechatPayError(undefined, 'RESOURCE_INVALID', `transaction resource has no valid ${field}`);
  };
  if (typeof r !== 'object' || r === null) return missing('object');
  for (const field of ['appid', 'mchid', 'out_trade_no', 'transaction_id', 'trade_state'] as const) {
    if (typeof r[field] !== 'string') missing(field);
  }
  if (typeof r.amount?.total !== 'number' || !Number.isInteger(r.amount.total)) missing('amount.total');
  if (typeof r.payer?.openid !== 'string') missing('payer.openid');
  return r as PayTransaction;
}

/** An order query answer: the identifying fields and its trade_state must be there. */
export function asPayOrderQuery(answer: unknown): PayOrderQuery {
  const r = answer as Partial<PayOrderQuery> | null;
  if (typeof r !== 'object' || r === null) {
    throw new WechatPayError(200, 'INVALID_RESPONSE', 'order query answered with no object');
  }
  for (const field of ['appid', 'mchid', 'out_trade_no', 'trade_state'] as const) {
    if (typeof r[field] !== 'string') {
      throw new WechatPayError(200, 'INVALID_RESPONSE', `order query answered without ${field}`);
    }
  }
  return r as PayOrderQuery;
}
