// Refunds in the database. A new refund is decided under the order's row lock (FOR UPDATE), so across
// every instance the refunds of an order never add up to more than it was paid, and one Idempotency-Key
// is one refund (UNIQUE).

import type { Kysely, Selectable, Transaction } from 'kysely';
import type { RefundStatusValue } from '../db/order-tables.js';
import type { Database } from '../db/schema.js';
import type { OrderRow } from '../shop/orders.js';
import { COUNTED_REFUND_STATUSES, orderStatusAfterRefunds, REFUNDABLE_STATUSES } from './refund-status.js';

export type RefundRow = Selectable<Database['refunds']>;

export interface RefundAsk {
  sn: string;
  idempotencyKey: string;
  fingerprint: string;
  amountFen: number;
  reason?: string;
}

export type AskOutcome =
  | { kind: 'created' | 'replayed'; refund: RefundRow; order: OrderRow }
  | { kind: 'key_reused' }
  | { kind: 'not_found' }
  | { kind: 'not_refundable'; status: string }
  | { kind: 'exceeds'; refundableFen: number };

export class RefundRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async ask(input: RefundAsk): Promise<AskOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const order = await trx
        .selectFrom('orders')
        .selectAll()
        .where('sn', '=', input.sn)
        .forUpdate()
        .executeTakeFirst();
      if (!order) return { kind: 'not_found' };
      const existing = await trx
        .selectFrom('refunds')
        .selectAll()
        .where('idempotency_key', '=', input.idempotencyKey)
        .executeTakeFirst();
      if (existing) {
        const same = existing.order_sn === input.sn && existing.request_fingerprint === input.fingerprint;
        return same ? { kind: 'replayed', refund: existing, order } : { kind: 'key_reused' };
      }
      if (!REFUNDABLE_STATUSES.includes(order.status))
        return { kind: 'not_refundable', status: order.status };
      const refunds = await this.ofOrder(order.sn, trx);
      const held = refunds
        .filter((r) => COUNTED_REFUND_STATUSES.includes(r.status))
        .reduce((sum, r) => sum + r.amount_fen, 0);
      if (held + input.amountFen > order.total_fen)
        return { kind: 'exceeds', refundableFen: order.total_fen - held };
      const refund = await trx
        .insertInto('refunds')
        .values({
          order_sn: order.sn,
          // out_refund_no: the order number and a sequence, unique under the order's lock.
          out_refund_no: `${order.sn}R${refunds.length + 1}`,
          idempotency_key: input.idempotencyKey,
          request_fingerprint: input.fingerprint,
          amount_fen: input.amountFen,
          reason: input.reason ?? null,
          status: 'requested',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const updated = await this.restate(order, trx);
      return { kind: 'created', refund, order: updated };
    });
  }

  async byOutRefundNo(outRefundNo: string): Promise<RefundRow | undefined> {
    return this.db
      .selectFrom('refunds')
      .selectAll()
      .where('out_refund_no', '=', outRefundNo)
      .executeTakeFirst();
  }

  /** Moves a refund to `status` (once: a settled refund stays settled) and the order's status and sum with it. */
  async settle(
    outRefundNo: string,
    status: Exclude<RefundStatusValue, 'requested'>,
    details: { refundId?: string; error?: string; at?: Date },
  ): Promise<RefundRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('refunds')
        .select('order_sn')
        .where('out_refund_no', '=', outRefundNo)
        .executeTakeFirst();
      if (!found) return undefined;
      // The order's lock first, then the refund read again: the WeChat answer and the notification of one
      // refund may arrive together, and the later of the two must see what the first one wrote.
      const order = await trx
        .selectFrom('orders')
        .selectAll()
        .where('sn', '=', found.order_sn)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const refund = await trx
        .selectFrom('refunds')
        .selectAll()
        .where('out_refund_no', '=', outRefundNo)
        .executeTakeFirstOrThrow();
      const final = ['succeeded', 'closed', 'abnormal', 'failed'].includes(refund.status);
      if (final || refund.status === status) return refund;
      const updated = await trx
        .updateTable('refunds')
        .set({
          status,
          updated_at: new Date(),
          ...(details.refundId ? { refund_id: details.refundId } : {}),
          ...(details.error ? { error: details.error } : {}),
          ...(status === 'succeeded' ? { succeeded_at: details.at ?? new Date() } : {}),
        })
        .where('id', '=', refund.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.restate(order, trx);
      return updated;
    });
  }

  async orderOf(sn: string): Promise<OrderRow | undefined> {
    return this.db.selectFrom('orders').selectAll().where('sn', '=', sn).executeTakeFirst();
  }

  async ofOrder(sn: string, db: Kysely<Database> | Transaction<Database> = this.db): Promise<RefundRow[]> {
    return db.selectFrom('refunds').selectAll().where('order_sn', '=', sn).orderBy('id').execute();
  }

  /** The order's refunded sum and status from its refunds. */
  private async restate(order: OrderRow, trx: Transaction<Database>): Promise<OrderRow> {
    const refunds = await this.ofOrder(order.sn, trx);
    const refundedFen = refunds
      .filter((r) => r.status === 'succeeded')
      .reduce((sum, r) => sum + r.amount_fen, 0);
    const status = orderStatusAfterRefunds({
      totalFen: order.total_fen,
      refundedFen,
      pending: refunds.some((r) => r.status === 'requested' || r.status === 'processing'),
      shipped: order.shipped_at !== null,
    });
    return trx
      .updateTable('orders')
      .set({ status, refunded_fen: refundedFen })
      .where('sn', '=', order.sn)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
