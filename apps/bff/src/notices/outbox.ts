// The notice outbox: one row per (order, kind) (a UNIQUE constraint), claimed for sending with a lease
// taken by `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)`, so across every instance exactly
// one sender holds a notice at a time, and a crashed sender's lease simply runs out. The credential a
// send is using is written on the row before WeChat is called, so the next holder resends with it.

import type { NoticeLogEntry, NoticeOutcome } from '@checkout/shared';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { CredentialKindValue, NoticeChannelValue, NoticeKindValue } from '../db/order-tables.js';
import type { Database } from '../db/schema.js';
import type { Credential } from './credentials.js';

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
  /** The attempt's row written when its credential was taken (updated now); none for a resend. */
  logId?: number;
}

/** What a resend learnt about the interrupted attempt that used the same credential. */
export interface InterruptedAttempt {
  credentialId: number;
  /** It reached WeChat (the resend found the credential spent): its row becomes the delivery. */
  delivered: boolean;
  note: string;
}

/** Shown on an attempt's row from the moment its credential is taken until its outcome is known. */
export const IN_FLIGHT = 'in flight';

/** What an attempt's outcome does besides its log row; all of it commits together with the row. */
export interface AttemptOutcome {
  /** WeChat took the message (now or in the interrupted attempt): the notice is settled as sent. */
  delivered?: { channel: NoticeChannelValue; credentialKind: CredentialKindValue };
  /** Nobody knows whether WeChat took it (no answer): the credential stays in flight for the next round. */
  keepInflight?: boolean;
  /** Retire the credential or give its use back; runs only while this process still holds the lease. */
  credentialEffect?: (db: Db) => Promise<void>;
  /** A resend's verdict on the attempt it repeats (that attempt's row is updated). */
  interrupted?: InterruptedAttempt;
}

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

  /**
   * Takes a credential use, marks it as the notice's in-flight credential and logs the attempt as in
   * flight, in one transaction that commits before WeChat is called: a crash after this leaves a marker
   * and a log row, never a use spent on nothing.
   */
  async holdCredential(
    notice: NoticeRow,
    channel: NoticeChannelValue,
    attempt: number,
    take: (db: Db) => Promise<Credential | null>,
  ): Promise<{ credential: Credential; logId: number } | null> {
    return this.db.transaction().execute(async (trx) => {
      const credential = await take(trx);
      if (!credential) return null;
      const log = await trx
        .insertInto('notice_log')
        .values({
          notice_id: notice.id,
          order_sn: notice.order_sn,
          kind: notice.kind,
          channel,
          credential_kind: credential.kind,
          credential_id: credential.id,
          attempt,
          errcode: null,
          errmsg: IN_FLIGHT,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const held = await trx
        .updateTable('notices')
        .set({
          inflight_credential_id: credential.id,
          inflight_channel: channel,
          lease_until: sql<Date>`now() + ${`${this.leaseMs} milliseconds`}::interval`,
        })
        .where('id', '=', notice.id)
        .where('lease_owner', '=', this.owner)
        .returning('id')
        .executeTakeFirst();
      // Throwing rolls the taken use back.
      if (!held) throw new LeaseLostError(notice.id);
      return { credential, logId: log.id };
    });
  }

  /** Forgets an in-flight credential that can no longer be resent (its channel is not configured now). */
  async releaseInflight(notice: NoticeRow): Promise<void> {
    await this.db
      .updateTable('notices')
      .set({ inflight_credential_id: null, inflight_channel: null })
      .where('id', '=', notice.id)
      .where('lease_owner', '=', this.owner)
      .execute();
  }

  /**
   * Writes the attempt to the notice log and, in the same transaction, its consequences: the in-flight
   * marker cleared (unless the outcome is unknown), the credential retired or given back, and the notice
   * settled as sent or its lease extended for the next attempt. Throws LeaseLostError (after logging the
   * attempt) when another sender took the notice over meanwhile.
   */
  async record(attempt: AttemptRecord, outcome: AttemptOutcome = {}): Promise<void> {
    const { notice } = attempt;
    const errmsg = attempt.errmsg?.slice(0, 500) ?? null;
    const held = await this.db.transaction().execute(async (trx) => {
      if (attempt.logId !== undefined) {
        await trx
          .updateTable('notice_log')
          .set({ errcode: attempt.errcode, errmsg })
          .where('id', '=', attempt.logId)
          .execute();
      } else {
        await trx
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
            errmsg,
          })
          .execute();
      }
      if (outcome.interrupted) await this.resolveInterrupted(trx, notice, attempt, outcome.interrupted);
      const inflight = outcome.keepInflight ? {} : { inflight_credential_id: null, inflight_channel: null };
      const next = outcome.delivered
        ? {
            status: 'sent' as const,
            channel: outcome.delivered.channel,
            credential_kind: outcome.delivered.credentialKind,
            errcode: null,
            errmsg: null,
            sent_at: sql<Date>`now()`,
            lease_owner: null,
            lease_until: null,
            updated_at: sql<Date>`now()`,
          }
        : { lease_until: sql<Date>`now() + ${`${this.leaseMs} milliseconds`}::interval` };
      const row = await trx
        .updateTable('notices')
        .set({ ...inflight, ...next })
        .where('id', '=', notice.id)
        .where('lease_owner', '=', this.owner)
        .returning('id')
        .executeTakeFirst();
      // The credential is the new holder's business once the lease is gone (it resends with it).
      if (row && outcome.credentialEffect) await outcome.credentialEffect(trx);
      return row !== undefined;
    });
    if (!held) throw new LeaseLostError(notice.id);
  }

  /** The latest earlier attempt with the resent credential gets the outcome the resend revealed. */
  private async resolveInterrupted(
    trx: Db,
    notice: NoticeRow,
    resend: AttemptRecord,
    verdict: InterruptedAttempt,
  ): Promise<void> {
    const row = await trx
      .selectFrom('notice_log')
      .select(['id', 'errmsg'])
      .where('notice_id', '=', notice.id)
      .where('credential_id', '=', verdict.credentialId)
      .where('attempt', '<', resend.attempt)
      .orderBy('attempt', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return;
    // An in-flight row had no outcome at all; an unanswered one keeps what went wrong.
    const errmsg =
      row.errmsg === IN_FLIGHT || row.errmsg === null ? verdict.note : `${row.errmsg}; ${verdict.note}`;
    await trx
      .updateTable('notice_log')
      .set({ ...(verdict.delivered ? { errcode: 0 } : {}), errmsg: errmsg.slice(0, 500) })
      .where('id', '=', row.id)
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
