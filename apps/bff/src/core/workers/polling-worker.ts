// A background loop that runs one round, then waits `pollIntervalMs` unless the round was full (more may
// be due). stop() lets the round in flight finish, so a closing app never abandons work half way.

import type { FastifyBaseLogger } from 'fastify';

export interface PollingWorkerOptions {
  pollIntervalMs: number;
  /** Items one round takes at most; a full round is followed by the next at once. */
  batchSize: number;
}

export class PollingWorker {
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(
    private readonly round: (limit: number) => Promise<number>,
    private readonly options: PollingWorkerOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  private async run(): Promise<void> {
    while (this.#running) {
      let handled = 0;
      try {
        handled = await this.round(this.options.batchSize);
      } catch (error) {
        this.log.error({ err: error }, 'worker round failed; will try again');
      }
      if (handled < this.options.batchSize) await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#wake?.(), this.options.pollIntervalMs);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }
}
