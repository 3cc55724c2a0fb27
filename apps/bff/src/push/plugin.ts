// The message-push services: one PushCrypto per configured app, the trigger repository, code handlers
// and the trigger worker (started when the app is ready, stopped before the database closes).

import type { CreateTriggerBody } from '@checkout/shared';
import { PushCrypto } from '@checkout/wechat';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { BUILT_IN_HANDLERS } from './actions/code-handlers.js';
import { HandlerRegistry, type PushEventHandler } from './actions/handler-registry.js';
import { PushEventStore } from './event-store.js';
import { DEFAULT_WORKER_OPTIONS, TriggerWorker, type TriggerWorkerOptions } from './trigger-worker.js';
import { DEFAULT_TRIGGERS } from './triggers/default-triggers.js';
import { TriggerRepository } from './triggers/trigger-repository.js';

export interface PushOptions {
  /** Worker timings (tests shorten them). */
  worker?: Partial<Omit<TriggerWorkerOptions, 'forwardAllowedHosts' | 'logRetentionDays'>>;
  /** Extra code handlers, by name, beside the built-in ones. */
  handlers?: Record<string, PushEventHandler>;
  /** Triggers created on start when missing (by name); default: record card redemptions. */
  seedTriggers?: readonly CreateTriggerBody[];
  /** Answer 503 when storing an event takes longer than this (default 2500 ms, well under WeChat's 5 s). */
  storeTimeoutMs?: number;
  /** Start the trigger worker (default: TRIGGER_WORKER; the benchmark starts it itself). */
  runWorker?: boolean;
}

export interface PushServices {
  /** PushCrypto per appid from WECHAT_PUSH_APPS. */
  apps: ReadonlyMap<string, PushCrypto>;
  maxSkewSeconds: number;
  storeTimeoutMs: number;
  /** Writes events with their trigger runs, batching deliveries that arrive together. */
  events: PushEventStore;
  forwardAllowedHosts: readonly string[];
  triggers: TriggerRepository;
  handlers: HandlerRegistry;
  worker: TriggerWorker;
}

declare module 'fastify' {
  interface FastifyInstance {
    push: PushServices;
  }
}

export default fp<{ config: Config; options?: PushOptions }>(
  async (app, { config, options = {} }) => {
    const apps = new Map(config.push.apps.map((entry) => [entry.appid, new PushCrypto(entry)]));
    const handlers = new HandlerRegistry({ ...BUILT_IN_HANDLERS, ...options.handlers });
    const triggers = new TriggerRepository(app.db);
    const seeded = await triggers.seed(options.seedTriggers ?? DEFAULT_TRIGGERS);
    const worker = new TriggerWorker(app.db, handlers, app.log.child({ component: 'trigger-worker' }), {
      ...DEFAULT_WORKER_OPTIONS,
      ...options.worker,
      forwardAllowedHosts: config.triggers.forwardAllowedHosts,
      logRetentionDays: config.triggers.logRetentionDays,
    });
    app.decorate('push', {
      apps,
      maxSkewSeconds: config.push.maxSkewSeconds,
      storeTimeoutMs: options.storeTimeoutMs ?? 2500,
      events: new PushEventStore(app.db),
      forwardAllowedHosts: config.triggers.forwardAllowedHosts,
      triggers,
      handlers,
      worker,
    });
    app.log.info({ apps: [...apps.keys()], seeded }, 'message push ready');
    if (options.runWorker ?? config.triggers.runWorker) app.addHook('onReady', async () => worker.start());
    // preClose runs before any onClose hook, so the worker never queries a closed database.
    app.addHook('preClose', async () => worker.stop());
  },
  { name: 'push', dependencies: ['db'] },
);
