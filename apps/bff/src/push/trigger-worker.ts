// Runs trigger work from the database: claims due runs with FOR UPDATE SKIP LOCKED (so several BFF
// instances share the queue), executes each action, logs every attempt, retries with backoff, and
// prunes old logs. The claim moves next_attempt_at forward by a lease, so a run whose worker died is
// picked up again once the lease expires.

import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { PermanentActionError, type StoredPushEvent } from './actions/action-types.js';
import { forwardEvent } from './actions/forward.js';
import type { HandlerRegistry } from './actions/handler-registry.js';
import { recordCardRedemption } from './actions/record-card-redemption.js';
import { actionOf } from './triggers/trigger-repository.js';

export interface TriggerWorkerOptions {
  /** How often to look for due runs when idle (default 1000 ms). */
  pollIntervalMs: number;
  /** Runs claimed per round (default 20). */
  batchSize: number;
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
    batchSize: 20,
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

const MAX_ERROR_LENGTH = 500;

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}

export class TriggerWorker {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = true;
  private wokenDuringRound = false;
  private lastPrune = 0;
  private readonly abort = new AbortController();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly handlers: HandlerRegistry,
    private readonly log: FastifyBaseLogger,
    private readonly options: TriggerWorkerOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks for work now (a new event was stored) instead of waiting for the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.round) this.wokenDuringRound = true;
    else this.schedule(0);
  }

  /** Stops polling, aborts in-flight forwards and waits for the current round to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.round;
  }

  /** Claims and executes one batch of due runs; returns how many ran. */
  async runDue(): Promise<number> {
    const claimed = await this.claim();
    await Promise.all(claimed.map((run) => this.execute(run)));
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

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
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
    if (!this.stopped) this.schedule(this.wokenDuringRound ? 0 : next);
  }

  private async claim(): Promise<ClaimedRun[]> {
    const { rows } = await sql<ClaimedRun>`
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

  private async execute(run: ClaimedRun): Promise<void> {
    const started = performance.now();
    const event: StoredPushEvent = {
      id: Number(run.event_id),
      appid: run.appid,
      msgType: run.msg_type,
      event: run.event,
      openid: run.openid,
      createTime: new Date(run.create_time),
      payload: run.payload,
    };
    let failure: unknown;
    try {
      await this.perform(run, event);
    } catch (error) {
      failure = error;
    }
    const durationMs = Math.round(performance.now() - started);
    const permanent = failure instanceof PermanentActionError;
    const status =
      failure === undefined
        ? 'succeeded'
        : permanent || run.attempts >= run.max_attempts
          ? 'failed'
          : 'retrying';
    const retryInMs = Math.min(
      this.options.backoffBaseMs * 2 ** (run.attempts - 1),
      this.options.backoffMaxMs,
    );
    const runId = Number(run.run_id);
    await this.db.transaction().execute(async (trx) => {
      if (status === 'retrying') {
        await sql`UPDATE push_trigger_runs SET next_attempt_at = now() + ${retryInMs} * interval '1 millisecond'
                  WHERE id = ${runId}`.execute(trx);
      } else {
        await trx
          .updateTable('push_trigger_runs')
          .set({ status, finished_at: new Date() })
          .where('id', '=', runId)
          .execute();
      }
      await trx
        .insertInto('push_trigger_logs')
        .values({
          run_id: runId,
          trigger_id: run.trigger_id,
          trigger_name: run.trigger_name,
          event_id: event.id,
          attempt: run.attempts,
          status,
          duration_ms: durationMs,
          error: failure === undefined ? null : describeError(failure),
        })
        .execute();
    });
    if (status !== 'succeeded') {
      this.log.warn(
        {
          runId,
          triggerId: run.trigger_id,
          eventId: event.id,
          attempt: run.attempts,
          status,
          error: describeError(failure),
        },
        'trigger action failed',
      );
    }
  }

  private async perform(run: ClaimedRun, event: StoredPushEvent): Promise<void> {
    const context = { db: this.db, log: this.log, signal: this.abort.signal };
    const action = actionOf(run);
    switch (action.type) {
      case 'record-card-redemption':
        return recordCardRedemption(event, context);
      case 'forward':
        return forwardEvent(
          event,
          {
            url: action.url,
            secret: action.secret,
            allowedHosts: this.options.forwardAllowedHosts,
            timeoutMs: this.options.forwardTimeoutMs,
          },
          context,
        );
      case 'handler': {
        const handler = this.handlers.get(action.name);
        if (!handler) throw new PermanentActionError(`no code handler registered as "${action.name}"`);
        return handler(event, context);
      }
    }
  }
}
