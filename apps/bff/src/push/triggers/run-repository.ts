// All of the trigger worker's SQL: lock or lease due runs, write each attempt's outcome and log row, and
// prune old logs. A lease moves next_attempt_at forward, so a run whose worker died runs again once the
// lease runs out; a row lock needs no lease (the lock dies with the transaction).

import { type Kysely, type Selectable, sql } from 'kysely';
import { msFromNow } from '../../core/workers/lease.js';
import { preparedAs } from '../../db/prepared-statements.js';
import type { PushTables } from '../../db/push-tables.js';
import type { Database } from '../../db/schema.js';

/** A due run with its trigger and event; `attempts` counts the attempt about to be made. */
export interface ClaimedRun {
  run_id: string | number;
  attempts: number;
  trigger_id: number;
  trigger_name: string;
  max_attempts: number;
  action_type: string;
  action_config: Record<string, string>;
  event_id: string | number;
  appid: string;
  msg_type: string;
  event: string | null;
  openid: string | null;
  create_time: Date | string;
  payload: Record<string, unknown>;
}

/** One attempt's log row, and when to try again if it is retrying. */
export type RunOutcome = Omit<Selectable<PushTables['push_trigger_logs']>, 'id' | 'created_at'> & {
  retry_in_ms: number;
};

export interface RunLimits {
  /** Runs locked per round. */
  batchSize: number;
  /** Runs leased per round, at most. */
  leaseLimit: number;
  /** How long a leased run stays invisible to other workers. */
  leaseMs: number;
}

export class TriggerRunRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: RunLimits,
  ) {}

  /** Locks up to batchSize due runs until `trx` ends (FOR UPDATE SKIP LOCKED: other workers skip them). */
  async lockDue(trx: Kysely<Database>): Promise<ClaimedRun[]> {
    const { rows } = await sql<ClaimedRun>`
      ${sql.raw(preparedAs('push-lock-runs'))}
      SELECT r.id AS run_id, r.attempts + 1 AS attempts, t.id AS trigger_id, t.name AS trigger_name,
        t.max_attempts, t.action_type, t.action_config, e.id AS event_id, e.appid, e.msg_type, e.event,
        e.openid, e.create_time, e.payload
      FROM push_trigger_runs r
      JOIN push_triggers t ON t.id = r.trigger_id
      JOIN push_events e ON e.id = r.event_id
      WHERE r.status = 'pending' AND r.next_attempt_at <= now()
      ORDER BY r.next_attempt_at
      LIMIT ${this.limits.batchSize}
      FOR UPDATE OF r SKIP LOCKED
    `.execute(trx);
    return rows;
  }

  /** Leases runs locked in `trx`: their attempt counts, and they stay invisible for leaseMs. */
  async lease(trx: Kysely<Database>, runs: readonly ClaimedRun[]): Promise<void> {
    if (runs.length === 0) return;
    await sql`
      ${sql.raw(preparedAs('push-lease-runs'))}
      UPDATE push_trigger_runs
      SET attempts = attempts + 1,
          next_attempt_at = ${msFromNow(this.limits.leaseMs)}
      WHERE id = ANY(${runs.map((run) => Number(run.run_id))}::bigint[])
    `.execute(trx);
  }

  /** Leases up to leaseLimit due runs of any action, outside a transaction. */
  async leaseDue(): Promise<ClaimedRun[]> {
    const { rows } = await sql<ClaimedRun>`
      ${sql.raw(preparedAs('push-claim-runs'))}
      UPDATE push_trigger_runs r
      SET attempts = r.attempts + 1,
          next_attempt_at = ${msFromNow(this.limits.leaseMs)}
      FROM push_triggers t, push_events e
      WHERE r.id IN (
          SELECT id FROM push_trigger_runs
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT ${this.limits.leaseLimit}
          FOR UPDATE SKIP LOCKED
        )
        AND t.id = r.trigger_id AND e.id = r.event_id
      RETURNING r.id AS run_id, r.attempts, t.id AS trigger_id, t.name AS trigger_name, t.max_attempts,
        t.action_type, t.action_config, e.id AS event_id, e.appid, e.msg_type, e.event, e.openid,
        e.create_time, e.payload
    `.execute(this.db);
    return rows;
  }

  /** One statement (so atomic): each run finished or rescheduled, and one log row per attempt. */
  async finish(outcomes: readonly RunOutcome[], db: Kysely<Database> = this.db): Promise<void> {
    if (outcomes.length === 0) return;
    await sql`
      ${sql.raw(preparedAs('push-finish-runs'))}
      WITH outcome AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) AS x(
          run_id bigint, trigger_id integer, trigger_name text, event_id bigint, attempt integer,
          status text, duration_ms integer, error text, retry_in_ms integer)
      ), finished AS (
        UPDATE push_trigger_runs r
        SET attempts = o.attempt,
            status = CASE WHEN o.status = 'retrying' THEN r.status ELSE o.status END,
            finished_at = CASE WHEN o.status = 'retrying' THEN r.finished_at ELSE now() END,
            next_attempt_at = CASE WHEN o.status = 'retrying'
              THEN now() + o.retry_in_ms * interval '1 millisecond' ELSE r.next_attempt_at END
        FROM outcome o
        WHERE r.id = o.run_id
      )
      INSERT INTO push_trigger_logs (run_id, trigger_id, trigger_name, event_id, attempt, status, duration_ms, error)
      SELECT run_id, trigger_id, trigger_name, event_id, attempt, status, duration_ms, error FROM outcome
    `.execute(db);
  }

  /**
   * Gives leased runs back at once (their attempt did not finish: the app is closing), so another
   * instance takes them now instead of when the lease runs out. The attempt does not count.
   */
  async release(runs: readonly ClaimedRun[]): Promise<void> {
    if (runs.length === 0) return;
    await this.db
      .updateTable('push_trigger_runs')
      .set((eb) => ({ attempts: eb('attempts', '-', 1), next_attempt_at: sql<Date>`now()` }))
      .where(
        'id',
        'in',
        runs.map((run) => Number(run.run_id)),
      )
      .where('status', '=', 'pending')
      .execute();
  }

  /** Deletes logs and finished runs created or finished before `cutoff`. */
  async prune(cutoff: Date): Promise<{ logs: number; runs: number }> {
    const logs = await this.db
      .deleteFrom('push_trigger_logs')
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    const runs = await this.db
      .deleteFrom('push_trigger_runs')
      .where('status', '<>', 'pending')
      .where('finished_at', '<', cutoff)
      .executeTakeFirst();
    return { logs: Number(logs.numDeletedRows), runs: Number(runs.numDeletedRows) };
  }
}
