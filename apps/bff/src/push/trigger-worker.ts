// Runs trigger work from the database, shared by any number of BFF instances. Each round, in one
// transaction, it locks due runs with FOR UPDATE SKIP LOCKED: card redemptions (database-only) are
// recorded and finished before that transaction commits, so a worker that dies mid-round leaves them
// pending for the next one at once. Runs whose actions leave the database (forward, code handlers)
// get a lease instead: next_attempt_at moves forward, the transaction commits, and they run after, so a
// run whose worker died is picked up again once the lease expires. Every attempt is logged, failures
// retry with backoff, and old logs are pruned. The loop is the shared PollingWorker.

import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { PollingWorker } from '../core/workers/polling-worker.js';
import type { Database } from '../db/schema.js';
import type { ActionContext } from './actions/action-types.js';
import type { HandlerRegistry } from './actions/handler-registry.js';
import { isRedemption, TriggerActions } from './triggers/run-actions.js';
import { type ClaimedRun, type RunOutcome, TriggerRunRepository } from './triggers/run-repository.js';

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

/** What a round's transaction did: whether more may be due, which runs it leased, the outcomes it recorded. */
interface LockedRound {
  full: boolean;
  leased: ClaimedRun[];
  outcomes: RunOutcome[];
}

export class TriggerWorker {
  private lastPrune = 0;
  private readonly loop: PollingWorker;
  private readonly context: ActionContext;
  private readonly runs: TriggerRunRepository;
  private readonly actions: TriggerActions;

  constructor(
    private readonly db: Kysely<Database>,
    handlers: HandlerRegistry,
    private readonly log: FastifyBaseLogger,
    private readonly options: TriggerWorkerOptions,
  ) {
    this.loop = new PollingWorker(() => this.pruneAndRun(), options, log);
    // Forwards and handlers see the loop's signal: it is aborted when the app closes.
    this.context = { db, log, signal: this.loop.signal };
    this.runs = new TriggerRunRepository(db, options);
    this.actions = new TriggerActions(handlers, {
      forwardTimeoutMs: options.forwardTimeoutMs,
      forwardAllowedHosts: options.forwardAllowedHosts,
      backoff: { baseMs: options.backoffBaseMs, maxMs: options.backoffMaxMs },
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Looks for work now (a new event was stored) instead of waiting for the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Stops claiming, aborts in-flight forwards and waits for the current round to finish. */
  stop(): Promise<void> {
    return this.loop.stop();
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
      if (this.context.signal.aborted) throw error; // stopping: the next worker redoes the round
      // The batch's transaction failed (a redemption the database refused rolls back the whole batch):
      // redo it leased, where each redemption is inserted alone when the shared INSERT fails.
      this.log.warn({ err: error }, 'trigger round failed in its transaction; redoing it leased');
      const leased = await this.runs.leaseDue();
      round = { full: leased.length >= this.options.leaseLimit, leased, outcomes: [] };
    }
    const outcomes = [...round.outcomes];
    if (round.leased.length > 0) {
      const performed = await this.actions.perform(round.leased, this.context);
      await this.runs.finish(performed.outcomes);
      outcomes.push(...performed.outcomes);
      if (performed.interrupted.length > 0) {
        await this.runs.release(performed.interrupted);
        this.log.info(
          { runs: performed.interrupted.length },
          'closing: released the trigger runs it had leased',
        );
      }
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
  prune(): Promise<{ logs: number; runs: number }> {
    return this.runs.prune(new Date(Date.now() - this.options.logRetentionDays * 86_400_000));
  }

  /** One round of the loop: prunes when an interval has passed, then runs due work. */
  private async pruneAndRun(): Promise<{ full: boolean }> {
    if (Date.now() - this.lastPrune >= this.options.pruneIntervalMs) {
      this.lastPrune = Date.now();
      const pruned = await this.prune();
      if (pruned.logs || pruned.runs) this.log.info(pruned, 'pruned old trigger logs and runs');
    }
    return { full: (await this.runRound()).full };
  }

  /**
   * Inside one transaction: locks due runs, leases those whose actions leave the database, and records
   * and finishes the card redemptions. `attempts` counts this attempt.
   */
  private async runLocked(trx: Kysely<Database>): Promise<LockedRound> {
    const claimed = await this.runs.lockDue(trx);
    const redemptions = claimed.filter(isRedemption);
    // Runs past the lease limit stay pending and unchanged: the commit unlocks them for the next round.
    const outside = claimed.filter((run) => !isRedemption(run));
    const leased = outside.slice(0, this.options.leaseLimit);
    await this.runs.lease(trx, leased);
    const outcomes = await this.actions.redeem(redemptions, { ...this.context, db: trx });
    await this.runs.finish(outcomes, trx);
    const full = claimed.length >= this.options.batchSize || outside.length > leased.length;
    return { full, leased, outcomes };
  }
}
