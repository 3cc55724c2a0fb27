// Load shedding (under-pressure): over the configured event-loop delay, heap or RSS, requests are
// answered at once with 503 and Retry-After instead of slowly. Liveness (/healthz) is exempt so an
// orchestrator does not restart a process that is merely busy; readiness (/readyz) sheds like any route,
// so the load balancer sends traffic elsewhere until the pressure passes.

import underPressure from '@fastify/under-pressure';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** under-pressure's per-route handler; returning nothing lets the request through. */
    pressureHandler?: (request: FastifyRequest, reply: FastifyReply, type: string, value?: number) => void;
  }
}

/** Route config that keeps a route answering under pressure. */
export const ALWAYS_ANSWER = { pressureHandler: () => undefined };

const MB = 1024 * 1024;

export default fp<{ limits: Config['pressure'] }>(
  async (app, { limits }) => {
    await app.register(underPressure, {
      // 0 turns a check off (under-pressure's own convention).
      maxEventLoopDelay: limits.maxEventLoopDelayMs,
      maxHeapUsedBytes: limits.maxHeapMb * MB,
      maxRssBytes: limits.maxRssMb * MB,
      retryAfter: limits.retryAfterSeconds,
    });
  },
  { name: 'load-shedding' },
);
