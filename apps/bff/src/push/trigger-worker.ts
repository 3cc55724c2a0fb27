// Runs trigger work from the database, shared by any number of BFF instances. Each round, in one
// transaction, it locks due runs with FOR UPDATE SKIP LOCKED: card redemptions (database-only) are
// recorded and finished before that transaction commits, so a worker that dies mid-round leaves them
// pending for the next one at once. Runs whose actions leave the database (forward, code handlers)
// get a lease instead: next_attempt_at moves forward, the transaction commits, and they run after, so a
// run whose worker died is picked up again once the lease expires. Every attempt is logged, failures
// retry with backoff, and old logs are pruned.

import type { TriggerAction } from '@checkout/shared';
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, type Selectable, sql } from 'kysely';
import { retryDelayMs } from '../core/workers/backoff.js';
import { preparedAs } from '../db/prepared-statements.js';
import type { PushTables } from '../db/push-tables.js';
import type { Database } from '../db/schema.js';
import { type ActionContext, PermanentActionError, type StoredPushEvent } from './actions/action-types.js';
import { forwardEvent } from './actions/forward.js';
import type { HandlerRegistry } from './actions/handler-registry.js';
import { recordCardRedemptions } from './actions/record-card-redemption.js';
import { actionOf } from './triggers/trigger-repository.js';

export interface TriggerWorkerOptions {
  /** How often to look for due runs when idle (default 1000 ms). */
  pollIntervalMs: number;
  /** Runs locked per round (default 500): the card redemptions among them are recorded together. */
  batchSize: number;
  /**
   * Runs whose actions leave the database (forward, code handlers) leased per round, at most (default
   * 100): they run side by side, so this bounds the requests a round sends at once.
   */
  leaseLimit: number;
  /**
   * A wake-up waits until this long after the previous round began (default 20 ms), so a burst of
   * events is claimed in a few large rounds instead of one small round per event. An idle worker
   * answers a wake-up at once.
   */
  gatherMs: number;
  /** How long a claimed run stays invisible to other workers (default 60 s; above forwardTimeoutMs). */
  leaseMs: number;
  /** Delay before retry n (1-based): min(backoffBaseMs * 2^(n-1), backoffMaxMs) + jitter (defaults 2 s, 10 min). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  forwardTimeoutMs: number;
  forwardAllowedHosts: readonly string[];
  logRetentionDays: number;
  /** How often to prune logs and finished runs (default hourly). */
  pruneIntervalMs: number;
}

export const DEFAULT_WORKER_OPTIONS: Omit<TriggerWorkerOptions, 'forwardAllowedHosts' | 'logRetentionDays'> =
  {
    pollIntervalMs: 1000,
    batchSize: 500,
    leaseLimit: 100,
    gatherMs: 20,
    leaseMs: 60_000,
    backoffBaseMs: 2000,
    backoffMaxMs: 600_000,
    forwardTimeoutMs: 10_000,
    pruneIntervalMs: 3_600_000,
  };

interface ClaimedRun {
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

type OtherAction = Exclude<TriggerAction, { type: 'record-card-redemption' }>;

/** What a round's transaction did: whether more may be due, which runs it leased, the outcomes it recorded. */
interface LockedRound {
  full: boolean;
  leased: ClaimedRun[];
  outcomes: RunOutcome[];
}

const isRedemption = (run: ClaimedRun) => actionOf(run).type === 'record-card-redemption';

/** One attempt's log row, and when to try again if it is retrying. */
type RunOutcome = Omit<Selectable<PushTables['push_trigger_logs']>, 'id' | 'created_at'> & {
  retry_in_ms: number;
};

const MAX_ERROR_LENGTH = 500;

function eventOf(run: ClaimedRun): StoredPushEvent {
  return {
    id: Number(run.event_id),
    appid: run.appid,
    msgType: run.msg_type,
    event: run.event,
    openid: run.openid,
    createTime: new Date(run.create_time),
    payload: run.payload,
  };
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}

export class TriggerWorker {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = true;
  private wokenDuringRound = false;
  private roundStartedAt = 0;
  private nextRoundAt = Number.POSITIVE_INFINITY;
  private lastPrune = 0;
  private readonly abort = new AbortController();
  private readonly context: ActionContext;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly handlers: HandlerRegistry,
    private readonly log: FastifyBaseLogger,
    private readonly options: TriggerWorkerOptions,
  ) {
    this.context = { db, log, signal: this.abort.signal };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks for work now (a new event was stored) instead of waiting for the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.round) this.wokenDuringRound = true;
    else this.scheduleBy(this.roundStartedAt + this.options.gatherMs);
  }

  /** Stops polling, aborts in-flight forwards and waits for the current round to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.round;
  }

  /** Runs one batch of due runs and records every outcome; returns how many it ran. */
  async runDue(): Promise<number> {
    return (await this.runRound()).ran;
  }

  private async runRound(): Promise<{ ran: number; full: boolean }> {
    let round: LockedRound;
    try {
      round = await this.db.transaction().execute((trx) => this.runLocked(trx));
    } catch (error) {
      if (this.abort.signal.aborted) throw error; // stopping: the next worker redoes the round
      // The batch's transaction failed (a redemption the database refused rolls back the whole batch):
      // redo it leased, where each redemption is inserted alone when the shared INSERT fails.
      this.log.warn({ err: error }, 'trigger round failed in its transaction; redoing it leased');
      const leased = await this.leaseDue();
      round = { full: leased.length >= this.options.leaseLimit, leased, outcomes: [] };
    }
    const outcomes = [...round.outcomes];
    if (round.leased.length > 0) {
      const leasedOutcomes = await this.perform(round.leased);
      await this.finish(this.db, leasedOutcomes);
      outcomes.push(...leasedOutcomes);
    }
    for (const outcome of outcomes) {
      if (outcome.status === 'succeeded') continue;
      this.log.warn(
        {
          runId: outcome.run_id,
          triggerId: outcome.trigger_id,
          eventId: outcome.event_id,
          attempt: outcome.attempt,
          status: outcome.status,
          error: outcome.error,
        },
        'trigger action failed',
      );
    }
    return { ran: outcomes.length, full: round.full };
  }

  /** Deletes logs and finished runs older than the retention period. */
  async prune(): Promise<{ logs: number; runs: number }> {
    const cutoff = new Date(Date.now() - this.options.logRetentionDays * 86_400_000);
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

  /** Makes the next round start no later than `at` (epoch ms). */
  private scheduleBy(at: number): void {
    if (this.nextRoundAt > at) this.schedule(Math.max(0, at - Date.now()));
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.nextRoundAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.nextRoundAt = Number.POSITIVE_INFINITY;
      this.roundStartedAt = Date.now();
      this.round = this.loop().finally(() => {
        this.round = undefined;
      });
    }, delayMs);
  }

  private async loop(): Promise<void> {
    let next = this.options.pollIntervalMs;
    this.wokenDuringRound = false;
    try {
      if (Date.now() - this.lastPrune >= this.options.pruneIntervalMs) {
        this.lastPrune = Date.now();
        const pruned = await this.prune();
        if (pruned.logs || pruned.runs) this.log.info(pruned, 'pruned old trigger logs and runs');
      }
      // A full batch means more may be waiting: go again at once.
      if ((await this.runRound()).full) next = 0;
    } catch (error) {
      if (!this.stopped) this.log.warn({ err: error }, 'trigger worker round failed; will retry');
    }
    if (this.stopped) return;
    this.schedule(next);
    if (this.wokenDuringRound) this.scheduleBy(this.roundStartedAt + this.options.gatherMs);
  }

  /**
   * Inside one transaction: locks due runs, leases those whose actions leave the database, and records
   * and finishes the card redemptions. `attempts` counts this attempt.
   */
  private async runLocked(trx: Kysely<Database>): Promise<LockedRound> {
    const { rows: claimed } = await sql<ClaimedRun>`
      ${sql.raw(preparedAs('push-lock-runs'))}
      SELECT r.id AS run_id, r.attempts + 1 AS attempts, t.id AS trigger_id, t.name AS trigger_name,
        t.max_attempts, t.action_type, t.action_config, e.id AS event_id, e.appid, e.msg_type, e.event,
        e.openid, e.create_time, e.payload
      FROM push_trigger_runs r
      JOIN push_triggers t ON t.id = r.trigger_id
      JOIN push_events e ON e.id = r.event_id
      WHERE r.status = 'pending' AND r.next_attempt_at <= now()
      ORDER BY r.next_attempt_at
      LIMIT ${this.options.batchSize}
      FOR UPDATE OF r SKIP LOCKED
    `.execute(trx);
    const redemptions = claimed.filter(isRedemption);
    // Runs past the lease limit stay pending and unchanged: the commit unlocks them for the next round.
    const outside = claimed.filter((run) => !isRedemption(run));
    const leased = outside.slice(0, this.options.leaseLimit);
    if (leased.length > 0) {
      await sql`
        ${sql.raw(preparedAs('push-lease-runs'))}
        UPDATE push_trigger_runs
        SET attempts = attempts + 1,
            next_attempt_at = now() + ${this.options.leaseMs} * interval '1 millisecond'
        WHERE id = ANY(${leased.map((run) => Number(run.run_id))}::bigint[])
      `.execute(trx);
    }
    const outcomes = await this.redeem(redemptions, { ...this.context, db: trx });
    if (outcomes.length > 0) await this.finish(trx, outcomes);
    const full = claimed.length >= this.options.batchSize || outside.length > leased.length;
    return { full, leased, outcomes };
  }

  /** Leases due runs of any action, outside a transaction (the fallback when a locked round fails). */
  private async leaseDue(): Promise<ClaimedRun[]> {
    const { rows } = await sql<ClaimedRun>`
      ${sql.raw(preparedAs('push-claim-runs'))}
      UPDATE push_trigger_runs r
      SET attempts = r.attempts + 1,
          next_attempt_at = now() + ${this.options.leaseMs} * interval '1 millisecond'
      FROM push_triggers t, push_events e
      WHERE r.id IN (
          SELECT id FROM push_trigger_runs
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT ${this.options.leaseLimit}
          FOR UPDATE SKIP LOCKED
        )
        AND t.id = r.trigger_id AND e.id = r.event_id
      RETURNING r.id AS run_id, r.attempts, t.id AS trigger_id, t.name AS trigger_name, t.max_attempts,
        t.action_type, t.action_config, e.id AS event_id, e.appid, e.msg_type, e.event, e.openid,
        e.create_time, e.payload
    `.execute(this.db);
    return rows;
  }

  /** Records card redemptions together in one INSERT. */
  private async redeem(runs: ClaimedRun[], context: ActionContext): Promise<RunOutcome[]> {
    if (runs.length === 0) return [];
    const started = performance.now();
    const failures = await recordCardRedemptions(runs.map(eventOf), context);
    const durationMs = Math.round(performance.now() - started);
    return runs.map((run, i) => this.outcomeOf(run, failures[i], durationMs));
  }

  /** Runs every claimed action: card redemptions together in one INSERT, the others side by side. */
  private async perform(runs: ClaimedRun[]): Promise<RunOutcome[]> {
    const redemptions: ClaimedRun[] = [];
    const others: { run: ClaimedRun; action: OtherAction }[] = [];
    for (const run of runs) {
      const action = actionOf(run);
      if (action.type === 'record-card-redemption') redemptions.push(run);
      else others.push({ run, action });
    }
    const runOne = async ({ run, action }: (typeof others)[number]): Promise<RunOutcome> => {
      const started = performance.now();
      let failure: unknown;
      try {
        await this.performOne(action, eventOf(run));
      } catch (error) {
        failure = error ?? new Error('action failed without an error');
      }
      return this.outcomeOf(run, failure, Math.round(performance.now() - started));
    };
    const [redeemed, rest] = await Promise.all([
      this.redeem(redemptions, this.context),
      Promise.all(others.map(runOne)),
    ]);
    return [...redeemed, ...rest];
  }

  private outcomeOf(run: ClaimedRun, failure: unknown, durationMs: number): RunOutcome {
    const permanent = failure instanceof PermanentActionError;
    const status =
      failure === undefined
        ? 'succeeded'
        : permanent || run.attempts >= run.max_attempts
          ? 'failed'
          : 'retrying';
    return {
      run_id: Number(run.run_id),
      trigger_id: run.trigger_id,
      trigger_name: run.trigger_name,
      event_id: Number(run.event_id),
      attempt: run.attempts,
      status,
      duration_ms: durationMs,
      error: failure === undefined ? null : describeError(failure),
      retry_in_ms: retryDelayMs(
        { baseMs: this.options.backoffBaseMs, maxMs: this.options.backoffMaxMs },
        run.attempts,
      ),
    };
  }

  /** One statement (so atomic): each run finished or rescheduled, and one log row per attempt. */
  private async finish(db: Kysely<Database>, outcomes: RunOutcome[]): Promise<void> {
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

  private async performOne(action: OtherAction, event: StoredPushEvent): Promise<void> {
    if (action.type === 'forward') {
      return forwardEvent(
        event,
        {
          url: action.url,
          secret: action.secret,
          allowedHosts: this.options.forwardAllowedHosts,
          timeoutMs: this.options.forwardTimeoutMs,
        },
        this.context,
      );
    }
    const handler = this.handlers.get(action.name);
    if (!handler) throw new PermanentActionError(`no code handler registered as "${action.name}"`);
    return handler(event, this.context);
  }
}
