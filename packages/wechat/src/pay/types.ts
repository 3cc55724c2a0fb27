/** WeChat Pay's trade states; other values may appear and are kept as strings. */
export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

/** The decrypted resource of a TRANSACTION.* notification (amounts in fen). */
export interface PayTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  trade_type?: string;
  trade_state: TradeState | (string & {});
  trade_state_desc?: string;
  bank_type?: string;
  attach?: string;
  /** RFC 3339 time, e.g. 2024-05-01T12:00:00+08:00. */
  success_time?: string;
  payer: { openid: string };
  amount: { total: number; payer_total?: number; currency?: string; payer_currency?: string };
}

/** The outer JSON of a WeChat Pay notification, before decryption. */
export interface PayNotification<R = unknown> {
  id: string;
  create_time: string;
  event_type: string;
  resource_type: string;
  summary: string;
  resource: R;
}

export interface JsapiPrepayRequest {
  appid: string;
  description: string;
  out_trade_no: string;
  notify_url: string;
  amount: { total: number; currency?: 'CNY' };
  payer: { openid: string };
  /** RFC 3339 time after which the order can no longer be paid. */
  time_expire?: string;
  attach?: string;
}

/** An order as `GET /v3/pay/transactions/out-trade-no/{out_trade_no}` answers; paid-only fields are absent before. */
export type PayOrderQuery = Omit<PayTransaction, 'transaction_id' | 'payer' | 'amount'> & {
  transaction_id?: string;
  payer?: { openid: string };
  amount?: Partial<PayTransaction['amount']>;
};
