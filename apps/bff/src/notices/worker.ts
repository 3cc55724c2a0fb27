// Polls the outbox for due notices and delivers them; kick() wakes it at once (a payment just arrived).
// stop() lets the round in flight finish, so a closing app never abandons a send half way.

import type { FastifyBaseLogger } from 'fastify';
import type { NoticeOutbox } from './outbox.js';
import type { NoticeSender } from './sender.js';

export interface WorkerOptions {
  pollIntervalMs: number;
  /** Notices leased per poll. */
  batchSize: number;
}

export class NoticeWorker {
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #kicked = false;

  constructor(
    private readonly outbox: NoticeOutbox,
    private readonly sender: NoticeSender,
    private readonly options: WorkerOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.run();
  }

  kick(): void {
    this.#kicked = true;
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  private async run(): Promise<void> {
    while (this.#running) {
      let claimed = 0;
      try {
        claimed = await this.pollOnce();
      } catch (error) {
        this.log.error({ err: error }, 'notice worker poll failed; will try again');
      }
      if (claimed < this.options.batchSize) await this.idle();
    }
  }

  /** Leases and delivers one batch; the number of notices it handled. */
  async pollOnce(): Promise<number> {
    this.#kicked = false;
    const due = await this.outbox.claimDue(this.options.batchSize);
    await Promise.all(due.map((notice) => this.sender.deliver(notice)));
    return due.length;
  }

  private idle(): Promise<void> {
    if (!this.#running || this.#kicked) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollIntervalMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#wake = undefined;
        resolve();
      }
      this.#wake = done;
    });
  }
}
