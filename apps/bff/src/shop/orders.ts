// The orders repository: server-priced orders, payment exactly once, shipping, and the API view of an
// order with its notice outcomes.

import { randomInt } from 'node:crypto';
import type { NoticeOutcome, Order, OrderLine, RefundView } from '@checkout/shared';
import type { Kysely, Selectable } from 'kysely';
import type { OrderStatusValue } from '../db/order-tables.js';
import { executePrepared } from '../db/prepared-statements.js';
import type { Database } from '../db/schema.js';
import { type Credentials, isUsableFormId } from '../notices/credentials.js';
import type { NoticeOutbox } from '../notices/outbox.js';

export type OrderRow = Selectable<Database['orders']>;
type Db = Kysely<Database>;

/** `yyyyMMddHHmmss` in China time + 8 random digits: 22 characters, a valid out_trade_no. */
export function newOrderSn(now = Date.now()): string {
  const stamp = new Date(now + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}${String(randomInt(100_000_000)).padStart(8, '0')}`;
}

/** "云南小粒咖啡豆 500g 等3件": what the pay description and the notices call the order's goods. */
export function summarizeLines(lines: readonly OrderLine[]): string {
  const first = lines[0]?.name ?? '';
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  return count > 1 ? `${first} 等${count}件` : first;
}

export interface NewOrder {
  openid: string;
  lines: OrderLine[];
  formId?: string;
}

export type PaymentResult = { kind: 'paid'; order: OrderRow } | { kind: 'already'; order: OrderRow };

export interface AdminOrderFilter {
  status?: OrderStatusValue;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export class Orders {
  constructor(
    private readonly db: Db,
    private readonly credentials: Credentials,
    private readonly outbox: NoticeOutbox,
  ) {}

  /** Stores the order, and its formId (the mock id never) in the same transaction. */
  async create(input: NewOrder): Promise<OrderRow> {
    const totalFen = input.lines.reduce((sum, line) => sum + line.priceFen * line.quantity, 0);
    const insert = async (db: Db) => {
      const query = db
        .insertInto('orders')
        .values({
          sn: newOrderSn(),
          openid: input.openid,
          status: 'unpaid',
          lines: JSON.stringify(input.lines),
          total_fen: totalFen,
          description: summarizeLines(input.lines).slice(0, 127),
        })
        .returningAll();
      return (await executePrepared(db, 'orders-create', query)).rows[0]!;
    };
    const formId = input.formId;
    // Most orders come without a formId: one INSERT, no BEGIN/COMMIT round trips around it.
    if (!isUsableFormId(formId)) return insert(this.db);
    return this.db.transaction().execute(async (trx) => {
      const order = await insert(trx);
      await this.credentials.storeFormId(input.openid, formId, order.sn, trx);
      return order;
    });
  }

  /**
   * Records the prepay_id of an unpaid order (and keeps it as a 3-use notice credential), its payment
   * window, and when reconciliation first queries it: one statement, so one round trip and one commit.
   */
  async setPrepayId(
    order: OrderRow,
    prepayId: string,
    schedule: { expiresAt: Date; reconcileAt: Date },
  ): Promise<OrderRow> {
    const query = this.db
      .with('credential', (db) => this.credentials.prepayIdInsert(db, order.openid, prepayId, order.sn))
      .updateTable('orders')
      .set({
        prepay_id: prepayId,
        prepaid_at: new Date(),
        expires_at: schedule.expiresAt,
        reconcile_at: schedule.reconcileAt,
        reconcile_rounds: 0,
      })
      .where('sn', '=', order.sn)
      .returningAll();
    const [updated] = (await executePrepared(this.db, 'orders-set-prepay', query)).rows;
    if (!updated) throw new Error(`order ${order.sn} vanished while recording its prepay`);
    return updated;
  }

  async find(sn: string): Promise<OrderRow | undefined> {
    return this.db.selectFrom('orders').selectAll().where('sn', '=', sn).executeTakeFirst();
  }

  /** The order only if it belongs to `openid`: another shopper's order number is "not found". */
  async findForShopper(sn: string, openid: string): Promise<OrderRow | undefined> {
    return this.db
      .selectFrom('orders')
      .selectAll()
      .where('sn', '=', sn)
      .where('openid', '=', openid)
      .executeTakeFirst();
  }

  async listForShopper(openid: string, limit = 50): Promise<OrderRow[]> {
    return this.db
      .selectFrom('orders')
      .selectAll()
      .where('openid', '=', openid)
      .orderBy('created_at', 'desc')
      .orderBy('sn', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * Marks the order paid exactly once (`WHERE status = 'unpaid'`), and in the same transaction makes its
   * prepay_id usable and enqueues the payment-success notice.
   */
  async markPaid(sn: string, transactionId: string, paidAt: Date): Promise<PaymentResult | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const paid = await trx
        .updateTable('orders')
        .set({ status: 'paid', transaction_id: transactionId, paid_at: paidAt })
        .where('sn', '=', sn)
        .where('status', '=', 'unpaid')
        .returningAll()
        .executeTakeFirst();
      if (!paid) {
        const existing = await trx.selectFrom('orders').selectAll().where('sn', '=', sn).executeTakeFirst();
        return existing ? { kind: 'already' as const, order: existing } : undefined;
      }
      await this.credentials.activatePrepayIds(sn, trx);
      await this.outbox.enqueue(sn, 'pay_success', trx);
      return { kind: 'paid' as const, order: paid };
    });
  }

  /** paid -> shipped, and the shipped notice enqueued, in one transaction; undefined if not paid. */
  async ship(sn: string, carrier: string, trackingNo: string): Promise<OrderRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const shipped = await trx
        .updateTable('orders')
        .set({ status: 'shipped', shipped_at: new Date(), carrier, tracking_no: trackingNo })
        .where('sn', '=', sn)
        .where('status', '=', 'paid')
        .returningAll()
        .executeTakeFirst();
      if (shipped) await this.outbox.enqueue(sn, 'shipped', trx);
      return shipped;
    });
  }

  async adminList(filter: AdminOrderFilter): Promise<{ orders: OrderRow[]; total: number }> {
    let query = this.db.selectFrom('orders');
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.from) query = query.where('created_at', '>=', new Date(filter.from));
    if (filter.to) query = query.where('created_at', '<', new Date(filter.to));
    const [orders, count] = await Promise.all([
      query
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('sn', 'desc')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { orders, total: Number(count.total) };
  }

  /** The API view of orders, each with the outcome of its notices and its refunds. */
  async present(rows: readonly OrderRow[]): Promise<Order[]> {
    const sns = rows.map((row) => row.sn);
    const [outcomes, refunds] = await Promise.all([this.outbox.outcomesFor(sns), this.refundsOf(sns)]);
    return rows.map((row) => toOrder(row, outcomes.get(row.sn) ?? [], refunds.get(row.sn) ?? []));
  }

  /** The refunds table is the payments feature's; the order view only reads it. */
  private async refundsOf(sns: readonly string[]): Promise<Map<string, RefundView[]>> {
    const views = new Map<string, RefundView[]>();
    if (sns.length === 0) return views;
    const rows = await this.db
      .selectFrom('refunds')
      .select(['order_sn', 'out_refund_no', 'amount_fen', 'reason', 'status', 'created_at', 'succeeded_at'])
      .where('order_sn', 'in', sns)
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const list = views.get(row.order_sn) ?? [];
      list.push({
        outRefundNo: row.out_refund_no,
        amountFen: row.amount_fen,
        ...(row.reason ? { reason: row.reason } : {}),
        // 'requested' is ours (asked, WeChat's answer not in yet); the API calls it processing.
        status: row.status === 'requested' ? 'processing' : row.status,
        createdAt: iso(row.created_at),
        ...(row.succeeded_at ? { succeededAt: iso(row.succeeded_at) } : {}),
      });
      views.set(row.order_sn, list);
    }
    return views;
  }
}

const iso = (value: Date | string) => new Date(value).toISOString();

export function toOrder(row: OrderRow, notices: NoticeOutcome[], refunds: RefundView[] = []): Order {
  return {
    sn: row.sn,
    status: row.status,
    lines: row.lines,
    totalFen: row.total_fen,
    createdAt: iso(row.created_at),
    ...(row.paid_at ? { paidAt: iso(row.paid_at) } : {}),
    ...(row.shipped_at ? { shippedAt: iso(row.shipped_at) } : {}),
    ...(row.carrier ? { carrier: row.carrier } : {}),
    ...(row.tracking_no ? { trackingNo: row.tracking_no } : {}),
    notices,
    refundedFen: row.refunded_fen,
    refunds,
  };
}
