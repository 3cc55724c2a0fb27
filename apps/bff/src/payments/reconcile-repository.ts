// The reconciliation schedule of unpaid orders. A due order is claimed with a lease taken by
// `UPDATE ... WHERE sn IN (SELECT ... FOR UPDATE SKIP LOCKED)`, so across every instance one worker
// queries it at a time, and a crashed worker's lease simply runs out.

import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { OrderRow } from '../shop/orders.js';

export class ReconcileRepository {
  constructor(
    private readonly db: Kysely<Database>,
    /** Who this process is when it holds a lease. */
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  /** Leases up to `limit` unpaid orders whose reconciliation time has come. */
  async claimDue(limit: number): Promise<OrderRow[]> {
    return this.db
      .updateTable('orders')
      .set({
        reconcile_owner: this.owner,
        reconcile_lease_until: sql<Date>`now() + ${`${this.leaseMs} milliseconds`}::interval`,
      })
      .where('sn', 'in', (eb) =>
        eb
          .selectFrom('orders')
          .select('sn')
          .where('status', '=', 'unpaid')
          .where('reconcile_at', '<=', sql<Date>`now()`)
          .where((w) =>
            w.or([w('reconcile_lease_until', 'is', null), w('reconcile_lease_until', '<', sql<Date>`now()`)]),
          )
          .orderBy('reconcile_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returningAll()
      .execute();
  }

  /** Asks again at `at`, one round later; false when this process no longer held the lease. */
  async reschedule(sn: string, at: Date): Promise<boolean> {
    const row = await this.released(sn)
      .set((eb) => ({ reconcile_at: at, reconcile_rounds: eb('reconcile_rounds', '+', 1) }))
      .returning('sn')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Nothing left to reconcile (the order is paid or closed now). */
  async finish(sn: string): Promise<void> {
    await this.released(sn).set({ reconcile_at: null }).execute();
  }

  /** unpaid -> closed; false when the order was no longer unpaid (a notification paid it meanwhile). */
  async closeLocally(sn: string): Promise<boolean> {
    const row = await this.released(sn)
      .set({ status: 'closed', reconcile_at: null })
      .where('status', '=', 'unpaid')
      .returning('sn')
      .executeTakeFirst();
    return row !== undefined;
  }

  private released(sn: string) {
    return this.db
      .updateTable('orders')
      .set({ reconcile_owner: null, reconcile_lease_until: null })
      .where('sn', '=', sn)
      .where('reconcile_owner', '=', this.owner);
  }
}
