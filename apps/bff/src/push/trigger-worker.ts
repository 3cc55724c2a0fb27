// Runs trigger work from the database: claims due runs with FOR UPDATE SKIP LOCKED (so several BFF
// instances share the queue), executes each action, logs every attempt, retries with backoff, and
// prunes old logs. The claim moves next_attempt_at forward by a lease, so a run whose worker died is
// picked up again once the lease expires.

import type { TriggerAction } from '@checkout/shared';
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, type Selectable, sql } from 'kysely';
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
  /** Runs claimed per round (default 100). */
  batchSize: number;
  /**
   * A wake-up waits until this long after the previous round began (default 20 ms), so a burst of
   * events is claimed in a few large rounds instead of one small round per event. An idle worker
   * answers a wake-up at once.
   */
  gatherMs: number;
  /** How long a claimed run stays invisible to other workers (default 60 s; above forwardTimeoutMs). */
  leaseMs: number;
  /** Delay before retry n (1-based) is min(backoffBaseMs * 2^(n-1), backoffMaxMs) (defaults 2 s, 10 min). */
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
    batchSize: 100,
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

  /** Claims and executes one batch of due runs, then records every outcome at once; returns how many ran. */
  async runDue(): Promise<number> {
    const claimed = await this.claim();
    if (claimed.length === 0) return 0;
    const outcomes = await this.perform(claimed);
    await this.finish(outcomes);
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
    return claimed.length;
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
      if ((await this.runDue()) >= this.options.batchSize) next = 0;
    } catch (error) {
      if (!this.stopped) this.log.warn({ err: error }, 'trigger worker round failed; will retry');
    }
    if (this.stopped) return;
    this.schedule(next);
    if (this.wokenDuringRound) this.scheduleBy(this.roundStartedAt + this.options.gatherMs);
  }

  private async claim(): Promise<ClaimedRun[]> {
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
          LIMIT ${this.options.batchSize}
          FOR UPDATE SKIP LOCKED
        )
        AND t.id = r.trigger_id AND e.id = r.event_id
      RETURNING r.id AS run_id, r.attempts, t.id AS trigger_id, t.name AS trigger_name, t.max_attempts,
        t.action_type, t.action_config, e.id AS event_id, e.appid, e.msg_type, e.event, e.openid,
        e.create_time, e.payload
    `.execute(this.db);
    return rows;
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
    const redeemAll = async (): Promise<RunOutcome[]> => {
      if (redemptions.length === 0) return [];
      const started = performance.now();
      const failures = await recordCardRedemptions(redemptions.map(eventOf), this.context);
      const durationMs = Math.round(performance.now() - started);
      return redemptions.map((run, i) => this.outcomeOf(run, failures[i], durationMs));
    };
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
    const [redeemed, rest] = await Promise.all([redeemAll(), Promise.all(others.map(runOne))]);
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
      retry_in_ms: Math.min(this.options.backoffBaseMs * 2 ** (run.attempts - 1), this.options.backoffMaxMs),
    };
  }

  /** One statement (so atomic): each run finished or rescheduled, and one log row per attempt. */
  private async finish(outcomes: RunOutcome[]): Promise<void> {
    await sql`
      ${sql.raw(preparedAs('push-finish-runs'))}
      WITH outcome AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) AS x(
          run_id bigint, trigger_id integer, trigger_name text, event_id bigint, attempt integer,
          status text, duration_ms integer, error text, retry_in_ms integer)
      ), finished AS (
        UPDATE push_trigger_runs r
        SET status = CASE WHEN o.status = 'retrying' THEN r.status ELSE o.status END,
            finished_at = CASE WHEN o.status = 'retrying' THEN r.finished_at ELSE now() END,
            next_attempt_at = CASE WHEN o.status = 'retrying'
              THEN now() + o.retry_in_ms * interval '1 millisecond' ELSE r.next_attempt_at END
        FROM outcome o
        WHERE r.id = o.run_id
      )
      INSERT INTO push_trigger_logs (run_id, trigger_id, trigger_name, event_id, attempt, status, duration_ms, error)
      SELECT run_id, trigger_id, trigger_name, event_id, attempt, status, duration_ms, error FROM outcome
    `.execute(this.db);
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
