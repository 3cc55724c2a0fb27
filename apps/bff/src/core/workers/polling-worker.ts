// The loop of every background worker (notice outbox, trigger runs, reconciliation): run one round, then
// wait `pollIntervalMs` unless the round was full (more may be due) or someone woke the worker. stop()
// stops claiming, aborts what the round in flight waits on (its signal) and lets that round finish, so
// a closing app never abandons work half way.

import type { FastifyBaseLogger } from 'fastify';

export interface PollingWorkerOptions {
  pollIntervalMs: number;
  /** Items one round takes at most; a full round is followed by the next at once. */
  batchSize: number;
  /**
   * A wake-up waits until this long after the previous round began (default 0), so a burst of work is
   * claimed in a few large rounds instead of one small round per item.
   */
  gatherMs?: number;
}

/** How many items a round handled (a full batch means more may be due), or whether it was full. */
export type RoundResult = number | { full: boolean };

/** One round: claims at most `limit` items. `signal` is aborted when the worker stops. */
export type Round = (limit: number, signal: AbortSignal) => Promise<RoundResult>;

export class PollingWorker {
  #running = false;
  #loop: Promise<void> | undefined;
  #woken = false;
  #roundStartedAt = 0;
  /** Ends the current wait early; `#wakeable` says whether a wake-up may (stop always may). */
  #cut: (() => void) | undefined;
  #wakeable = false;
  readonly #abort = new AbortController();

  constructor(
    private readonly round: Round,
    private readonly options: PollingWorkerOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Aborted once the worker stops; a round run by hand (tests) gets it too. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  start(): void {
    if (this.#running || this.#abort.signal.aborted) return;
    this.#running = true;
    this.#loop = this.run();
  }

  /** Looks for work now instead of at the next poll; a wake-up during a round runs another one after it. */
  wake(): void {
    if (!this.#running) return;
    this.#woken = true;
    if (this.#wakeable) this.#cut?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#abort.abort();
    this.#cut?.();
    await this.#loop;
  }

  private async run(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      this.#roundStartedAt = Date.now();
      let full = false;
      try {
        const result = await this.round(this.options.batchSize, this.#abort.signal);
        full = typeof result === 'number' ? result >= this.options.batchSize : result.full;
      } catch (error) {
        if (this.#running) this.log.error({ err: error }, 'worker round failed; will try again');
      }
      if (!full) await this.idle();
    }
  }

  private async idle(): Promise<void> {
    if (!this.#woken) await this.wait(this.options.pollIntervalMs, true);
    const gatherUntil = this.#roundStartedAt + (this.options.gatherMs ?? 0);
    if (this.#running && Date.now() < gatherUntil) await this.wait(gatherUntil - Date.now(), false);
  }

  private wait(ms: number, wakeable: boolean): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#cut = undefined;
        this.#wakeable = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#cut = done;
      this.#wakeable = wakeable;
    });
  }
}
