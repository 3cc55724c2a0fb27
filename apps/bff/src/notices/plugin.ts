// Notice delivery: the sender, the outbox worker (started when the app is ready, stopped before the
// database closes) and the prompt path the routes use.

import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { Notices } from './notices.js';
import { NoticeSender } from './sender.js';
import { createNoticeWorker } from './worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    notices: Notices;
  }
}

export interface NoticeRuntimeOptions {
  /** Run the outbox worker in this process (default true). */
  worker: boolean;
  pollIntervalMs: number;
  batchSize: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxRounds: number;
  leaseMs: number;
  outcomeWaitMs: number;
  outcomePollMs: number;
}

export function noticeRuntimeDefaults(config: Config): NoticeRuntimeOptions {
  return {
    worker: true,
    pollIntervalMs: config.notices.pollIntervalMs,
    batchSize: 10,
    retryBaseMs: config.notices.retryBaseMs,
    retryMaxMs: 30 * 60_000,
    maxRounds: 12,
    leaseMs: config.notices.leaseMs,
    outcomeWaitMs: 3000,
    outcomePollMs: 100,
  };
}

export default fp<{ config: Config; runtime: NoticeRuntimeOptions }>(
  async (app, { config, runtime }) => {
    const sender = new NoticeSender({
      wechat: app.wechat,
      credentials: app.credentials,
      orders: app.orders,
      outbox: app.outbox,
      config: config.notices,
      retry: {
        baseMs: runtime.retryBaseMs,
        maxMs: runtime.retryMaxMs,
        maxRounds: runtime.maxRounds,
      },
      log: app.log.child({ component: 'notices' }),
    });
    const worker = createNoticeWorker(
      app.outbox,
      sender,
      { pollIntervalMs: runtime.pollIntervalMs, batchSize: runtime.batchSize },
      app.log.child({ component: 'notice-worker' }),
    );
    app.decorate('notices', new Notices(app.outbox, sender, worker, app.credentials, runtime));
    if (runtime.worker) app.addHook('onReady', async () => worker.start());
    // preClose runs before onClose, so the database is still open while the last round finishes.
    app.addHook('preClose', async () => worker.stop());
  },
  { name: 'notices', dependencies: ['shop', 'wechat'] },
);
