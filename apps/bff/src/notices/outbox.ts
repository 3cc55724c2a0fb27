// The notice outbox: one row per (order, kind) (a UNIQUE constraint), claimed for sending with a lease
// taken by `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)`, so across every instance exactly
// one sender holds a notice at a time, and a crashed sender's lease simply runs out. What each send
// attempt takes and learns is the notice log's business (attempt-log.ts).

import type { NoticeOutcome } from '@checkout/shared';
import { type Kysely, type Selectable, sql } from 'kysely';
import { msFromNow } from '../core/workers/lease.js';
import type { CredentialKindValue, NoticeChannelValue, NoticeKindValue } from '../db/order-tables.js';
import type { Database } from '../db/schema.js';
import { NoticeAttempts } from './attempt-log.js';

export type NoticeRow = Selectable<Database['notices']>;
type Db = Kysely<Database>;

/** This process's lease ran out mid-round and another sender holds the notice now. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(readonly noticeId: number) {
    super(`lost the lease of notice ${noticeId} to another sender`);
  }
}

export interface Settled {
  status: 'sent' | 'failed';
  channel: NoticeChannelValue | null;
  credentialKind: CredentialKindValue | null;
  errcode: number | null;
  errmsg: string | null;
}

export class NoticeOutbox {
  /** The send attempts of the notices this outbox leases. */
  readonly attempts: NoticeAttempts;

  constructor(
    private readonly db: Db,
    /** Who this process is when it holds a lease. */
    readonly owner: string,
    private readonly leaseMs: number,
  ) {
    this.attempts = new NoticeAttempts(db, owner, leaseMs);
  }

  /** Creates the notice if this order has none of this kind yet (whoever asks first wins). */
  async enqueue(sn: string, kind: NoticeKindValue, db: Db = this.db): Promise<void> {
    await db
      .insertInto('notices')
      .values({ order_sn: sn, kind, status: 'pending' })
      .onConflict((oc) => oc.constraint('notices_once_per_order').doNothing())
      .execute();
  }

  /** A failed notice gets another round (the shopper just gave a new credential). */
  async reopenFailed(sn: string, kind: NoticeKindValue): Promise<boolean> {
    const row = await this.db
      .updateTable('notices')
      .set({ status: 'pending', next_attempt_at: new Date(), updated_at: new Date() })
      .where('order_sn', '=', sn)
      .where('kind', '=', kind)
      .where('status', '=', 'failed')
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Leases up to `limit` due notices: pending ones whose time has come, and ones whose holder's lease ran
   * out (it crashed). A notice waits for its order to be paid.
   */
  async claimDue(limit: number): Promise<NoticeRow[]> {
    return this.claim((q) => q.orderBy('n.next_attempt_at').limit(limit));
  }

  /** Leases this one notice if it is due and nobody holds it. */
  async claimOne(sn: string, kind: NoticeKindValue): Promise<NoticeRow | undefined> {
    const rows = await this.claim((q) => q.where('n.order_sn', '=', sn).where('n.kind', '=', kind).limit(1));
    return rows[0];
  }

  private async claim(
    narrow: (q: ReturnType<NoticeOutbox['dueQuery']>) => ReturnType<NoticeOutbox['dueQuery']>,
  ): Promise<NoticeRow[]> {
    return this.db
      .updateTable('notices')
      .set({
        status: 'sending',
        lease_owner: this.owner,
        lease_until: msFromNow(this.leaseMs),
        updated_at: sql<Date>`now()`,
      })
      .where('id', 'in', narrow(this.dueQuery()).forUpdate(['n']).skipLocked())
      .returningAll()
      .execute();
  }

  private dueQuery() {
    return this.db
      .selectFrom('notices as n')
      .innerJoin('orders as o', 'o.sn', 'n.order_sn')
      .select('n.id')
      .where('o.status', 'in', ['paid', 'shipped'])
      .where((eb) =>
        eb.or([
          eb.and([eb('n.status', '=', 'pending'), eb('n.next_attempt_at', '<=', sql<Date>`now()`)]),
          eb.and([eb('n.status', '=', 'sending'), eb('n.lease_until', '<', sql<Date>`now()`)]),
        ]),
      );
  }

  /**
   * Gives a notice this process holds back at once (the app is closing), due now, its in-flight
   * credential kept: the next holder, on any instance, resends with it instead of waiting for the lease.
   */
  async release(notice: NoticeRow): Promise<void> {
    await this.db
      .updateTable('notices')
      .set({
        status: 'pending',
        next_attempt_at: sql<Date>`now()`,
        lease_owner: null,
        lease_until: null,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', notice.id)
      .where('lease_owner', '=', this.owner)
      .where('status', '=', 'sending')
      .execute();
  }

  /** Final outcome; false if this process no longer held the lease. */
  async settle(notice: NoticeRow, outcome: Settled): Promise<boolean> {
    const row = await this.db
      .updateTable('notices')
      .set({
        status: outcome.status,
        channel: outcome.channel,
        credential_kind: outcome.credentialKind,
        errcode: outcome.errcode,
        errmsg: outcome.errmsg?.slice(0, 500) ?? null,
        sent_at: outcome.status === 'sent' ? sql<Date>`now()` : null,
        inflight_credential_id: null,
        inflight_channel: null,
        lease_owner: null,
        lease_until: null,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', notice.id)
      .where('lease_owner', '=', this.owner)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Back to pending after a transient failure, due again after `delayMs`. An in-flight credential stays:
   * the next round resends with it.
   */
  async retryLater(
    notice: NoticeRow,
    delayMs: number,
    last: { errcode: number | null; errmsg: string | null },
  ): Promise<void> {
    await this.db
      .updateTable('notices')
      .set((eb) => ({
        status: 'pending',
        rounds: eb('rounds', '+', 1),
        next_attempt_at: msFromNow(delayMs),
        errcode: last.errcode,
        errmsg: last.errmsg?.slice(0, 500) ?? null,
        lease_owner: null,
        lease_until: null,
        updated_at: sql<Date>`now()`,
      }))
      .where('id', '=', notice.id)
      .where('lease_owner', '=', this.owner)
      .execute();
  }

  async outcome(sn: string, kind: NoticeKindValue): Promise<NoticeOutcome | undefined> {
    const row = await this.db
      .selectFrom('notices')
      .selectAll()
      .where('order_sn', '=', sn)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row ? toOutcome(row) : undefined;
  }

  async outcomesFor(sns: readonly string[]): Promise<Map<string, NoticeOutcome[]>> {
    const outcomes = new Map<string, NoticeOutcome[]>();
    if (sns.length === 0) return outcomes;
    const rows = await this.db
      .selectFrom('notices')
      .selectAll()
      .where('order_sn', 'in', [...sns])
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const list = outcomes.get(row.order_sn) ?? [];
      list.push(toOutcome(row));
      outcomes.set(row.order_sn, list);
    }
    return outcomes;
  }
}

export function toOutcome(row: NoticeRow): NoticeOutcome {
  return {
    sn: row.order_sn,
    kind: row.kind,
    // "sending" is an internal state: to a caller the notice is still on its way.
    status: row.status === 'sending' ? 'pending' : row.status,
    ...(row.channel ? { channel: row.channel } : {}),
    ...(row.errcode !== null ? { errcode: row.errcode } : {}),
    ...(row.errmsg !== null ? { errmsg: row.errmsg } : {}),
  };
}
