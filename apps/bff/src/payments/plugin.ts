// WeChat Pay for orders: prepay + requestPayment signing, payment notifications, refunds, and the reconciliation
// worker (started when the app is ready, stopped before the database closes).

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { PollingWorker } from '../core/workers/polling-worker.js';
import { Payments } from './payments.js';
import { ReconcileRepository } from './reconcile-repository.js';
import { Reconciler } from './reconciler.js';
import { RefundRepository } from './refund-repository.js';
import { Refunds } from './refunds.js';

declare module 'fastify' {
  interface FastifyInstance {
    payments: Payments;
    refunds: Refunds;
  }
}

export interface ReconcileRuntimeOptions {
  /** Run the reconciliation worker in this process (default true). */
  worker: boolean;
  pollIntervalMs: number;
  batchSize: number;
  /** How long a worker holds an order while it asks WeChat Pay (above the 5 s call timeout). */
  leaseMs: number;
}

export const RECONCILE_DEFAULTS: ReconcileRuntimeOptions = {
  worker: true,
  pollIntervalMs: 5000,
  batchSize: 20,
  leaseMs: 60_000,
};

export default fp<{ config: Config; reconcile: ReconcileRuntimeOptions }>(
  async (app, { config, reconcile }) => {
    const settings = {
      appid: config.wechat.appid,
      mchid: config.pay.mchid,
      notifyUrl: `${config.pay.notifyBaseUrl}/pay/notify`,
      orderExpireMs: config.pay.orderExpireMin * 60_000,
      reconcileAfterMs: config.pay.reconcileAfterS * 1000,
    };
    const payments = new Payments(app.pay, app.orders, settings, app.log.child({ component: 'payments' }));
    app.decorate('payments', payments);
    app.decorate(
      'refunds',
      new Refunds(
        app.pay,
        new RefundRepository(app.db),
        `${config.pay.notifyBaseUrl}/pay/refund-notify`,
        app.log.child({ component: 'refunds' }),
      ),
    );

    const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const reconciler = new Reconciler(
      app.pay,
      payments,
      new ReconcileRepository(app.db, owner, reconcile.leaseMs),
      { baseDelayMs: settings.reconcileAfterMs, orderExpireMs: settings.orderExpireMs },
      app.log.child({ component: 'reconcile' }),
      () => app.notices.worker.wake(),
    );
    const worker = new PollingWorker(
      (limit) => reconciler.round(limit),
      reconcile,
      app.log.child({ component: 'reconcile-worker' }),
    );
    if (reconcile.worker) app.addHook('onReady', async () => worker.start());
    app.addHook('preClose', async () => worker.stop());
  },
  { name: 'payments', dependencies: ['shop', 'wechat'] },
);
