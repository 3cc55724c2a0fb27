// Runs the actions of claimed trigger runs and turns each into its outcome: card redemptions together in
// one INSERT, forwards (with their timeout) and code handlers side by side.

import type { TriggerAction } from '@checkout/shared';
import { type Backoff, retryDelayMs } from '../../core/workers/backoff.js';
import { type ActionContext, PermanentActionError, type StoredPushEvent } from '../actions/action-types.js';
import { forwardEvent } from '../actions/forward.js';
import type { HandlerRegistry } from '../actions/handler-registry.js';
import { recordCardRedemptions } from '../actions/record-card-redemption.js';
import type { ClaimedRun, RunOutcome } from './run-repository.js';
import { actionOf } from './trigger-repository.js';

type OtherAction = Exclude<TriggerAction, { type: 'record-card-redemption' }>;

export interface ActionSettings {
  forwardTimeoutMs: number;
  forwardAllowedHosts: readonly string[];
  /** When a failed attempt is tried again. */
  backoff: Backoff;
}

const MAX_ERROR_LENGTH = 500;

export const isRedemption = (run: ClaimedRun) => actionOf(run).type === 'record-card-redemption';

export class TriggerActions {
  constructor(
    private readonly handlers: HandlerRegistry,
    private readonly settings: ActionSettings,
  ) {}

  /** Records card redemptions together in one INSERT (in the caller's transaction when context.db is one). */
  async redeem(runs: readonly ClaimedRun[], context: ActionContext): Promise<RunOutcome[]> {
    if (runs.length === 0) return [];
    const started = performance.now();
    const failures = await recordCardRedemptions(runs.map(eventOf), context);
    const durationMs = Math.round(performance.now() - started);
    return runs.map((run, i) => this.outcomeOf(run, failures[i], durationMs));
  }

  /**
   * Runs every claimed action: card redemptions together in one INSERT, the others side by side. A run
   * that failed because the app is closing (context.signal aborted) has no outcome: it is `interrupted`,
   * for the worker to release.
   */
  async perform(
    runs: readonly ClaimedRun[],
    context: ActionContext,
  ): Promise<{ outcomes: RunOutcome[]; interrupted: ClaimedRun[] }> {
    const redemptions: ClaimedRun[] = [];
    const others: { run: ClaimedRun; action: OtherAction }[] = [];
    for (const run of runs) {
      const action = actionOf(run);
      if (action.type === 'record-card-redemption') redemptions.push(run);
      else others.push({ run, action });
    }
    const interrupted: ClaimedRun[] = [];
    const runOne = async ({ run, action }: (typeof others)[number]): Promise<RunOutcome[]> => {
      const started = performance.now();
      let failure: unknown;
      try {
        await this.performOne(action, eventOf(run), context);
      } catch (error) {
        failure = error ?? new Error('action failed without an error');
      }
      if (failure !== undefined && context.signal.aborted) {
        interrupted.push(run);
        return [];
      }
      return [this.outcomeOf(run, failure, Math.round(performance.now() - started))];
    };
    const [redeemed, rest] = await Promise.all([
      this.redeem(redemptions, context),
      Promise.all(others.map(runOne)),
    ]);
    return { outcomes: [...redeemed, ...rest.flat()], interrupted };
  }

  /** Succeeded, retrying (with the backoff's delay) or failed (permanent, or out of attempts). */
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
      retry_in_ms: retryDelayMs(this.settings.backoff, run.attempts),
    };
  }

  private async performOne(
    action: OtherAction,
    event: StoredPushEvent,
    context: ActionContext,
  ): Promise<void> {
    if (action.type === 'forward') {
      return forwardEvent(
        event,
        {
          url: action.url,
          secret: action.secret,
          allowedHosts: this.settings.forwardAllowedHosts,
          timeoutMs: this.settings.forwardTimeoutMs,
        },
        context,
      );
    }
    const handler = this.handlers.get(action.name);
    if (!handler) throw new PermanentActionError(`no code handler registered as "${action.name}"`);
    return handler(event, context);
  }
}

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
