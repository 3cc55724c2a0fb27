// The notice log: one row per send attempt, written before WeChat is called (the credential it took,
// "in flight") and completed with its outcome in the same transaction as what the outcome does to the
// notice and the credential. A resend of an interrupted attempt writes what it revealed on that
// attempt's row.

import type { NoticeLogEntry } from '@checkout/shared';
import { type Kysely, sql } from 'kysely';
import { msFromNow } from '../core/workers/lease.js';
import type { CredentialKindValue, NoticeChannelValue, NoticeKindValue } from '../db/order-tables.js';
import type { Database } from '../db/schema.js';
import type { Credential } from './credentials.js';
import { LeaseLostError, type NoticeRow } from './outbox.js';

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

export interface NoticeLogFilter {
  sn?: string;
  kind?: NoticeKindValue;
  limit: number;
  offset: number;
}

export class NoticeAttempts {
  constructor(
    private readonly db: Db,
    /** The outbox's lease holder: an attempt only counts while it still holds the notice. */
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

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
          lease_until: msFromNow(this.leaseMs),
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
        : { lease_until: msFromNow(this.leaseMs) };
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
