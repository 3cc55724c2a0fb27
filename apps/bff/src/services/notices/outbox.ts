// The notice outbox: one row per (order, kind) (a UNIQUE constraint), claimed for sending with a lease
// taken by `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)`, so across every instance exactly
// one sender holds a notice at a time, and a crashed sender's lease simply runs out.

import type { NoticeLogEntry, NoticeOutcome } from '@checkout/shared';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { CredentialKindValue, NoticeChannelValue, NoticeKindValue } from '../../db/order-tables.js';
import type { Database } from '../../db/schema.js';

export type NoticeRow = Selectable<Database['notices']>;
type Db = Kysely<Database>;

export interface AttemptRecord {
  notice: NoticeRow;
  channel: NoticeChannelValue;
  credentialKind: CredentialKindValue | null;
  credentialId: number | null;
  attempt: number;
  errcode: number | null;
  errmsg: string | null;
}

export interface Settled {
  status: 'sent' | 'failed';
  channel: NoticeChannelValue | null;
  credentialKind: CredentialKindValue | null;
  errcode: number | null;
  errmsg: string | null;
}

export interface NoticeLogFilter {
  sn?: string;
  kind?: NoticeKindValue;
  limit: number;
  offset: number;
}

export class NoticeOutbox {
  constructor(
    private readonly db: Db,
    /** Who this process is when it holds a lease. */
    readonly owner: string,
    private readonly leaseMs: number,
  ) {}

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
        lease_until: sql<Date>`now() + ${`${this.leaseMs} milliseconds`}::interval`,
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

  /** The attempt number the next send of this notice gets. */
  async nextAttempt(noticeId: number): Promise<number> {
    const row = await this.db
      .selectFrom('notice_log')
      .select((eb) => eb.fn.max('attempt').as('last'))
      .where('notice_id', '=', noticeId)
      .executeTakeFirst();
    return Number(row?.last ?? 0) + 1;
  }

  /** Writes the attempt to the notice log and extends the lease for the next one. */
  async record(attempt: AttemptRecord): Promise<void> {
    const { notice } = attempt;
    await this.db
      .insertInto('notice_log')
      .values({
        notice_id: notice.id,
        order_sn: notice.order_sn,
        kind: notice.kind,
        channel: attempt.channel,
        credential_kind: attempt.credentialKind,
        credential_id: attempt.credentialId,
        attempt: attempt.attempt,
        errcode: attempt.errcode,
        errmsg: attempt.errmsg?.slice(0, 500) ?? null,
      })
      .execute();
    await this.db
      .updateTable('notices')
      .set({ lease_until: sql<Date>`now() + ${`${this.leaseMs} milliseconds`}::interval` })
      .where('id', '=', notice.id)
      .where('lease_owner', '=', this.owner)
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

  /** Back to pending after a transient failure, due again after `delayMs`. */
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
        next_attempt_at: sql<Date>`now() + ${`${Math.round(delayMs)} milliseconds`}::interval`,
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

  async log(filter: NoticeLogFilter): Promise<{ notices: NoticeLogEntry[]; total: number }> {
    let query = this.db.selectFrom('notice_log');
    if (filter.sn) query = query.where('order_sn', '=', filter.sn);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(count.total),
      notices: rows.map((row) => ({
        id: row.id,
        sn: row.order_sn,
        kind: row.kind,
        channel: row.channel,
        ...(row.credential_kind ? { credentialKind: row.credential_kind } : {}),
        attempt: row.attempt,
        ...(row.errcode !== null ? { errcode: row.errcode } : {}),
        ...(row.errmsg !== null ? { errmsg: row.errmsg } : {}),
        at: new Date(row.at).toISOString(),
      })),
    };
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
