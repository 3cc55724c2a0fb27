import { HealthReply, ReadyReply } from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { ALWAYS_ANSWER } from './load-shedding.js';

const health: FastifyPluginAsyncTypebox<{ retryAfterSeconds: number }> = async (
  app,
  { retryAfterSeconds },
) => {
  // Liveness: the process answers, even when it sheds load.
  app.get(
    '/healthz',
    { config: ALWAYS_ANSWER, schema: { hide: true, response: { 200: HealthReply } } },
    async () => ({ status: 'ok' as const }),
  );

  // Readiness: the database answers and the process is within its load-shedding limits; otherwise the
  // load balancer should send traffic elsewhere for a while.
  app.get(
    '/readyz',
    { config: ALWAYS_ANSWER, schema: { hide: true, response: { 200: ReadyReply, 503: ReadyReply } } },
    async (_request, reply) => {
      const unavailable = () =>
        reply.status(503).send({ status: 'unavailable' as const, database: app.dbKind });
      if (app.isUnderPressure()) {
        reply.header('retry-after', retryAfterSeconds);
        return unavailable();
      }
      try {
        await sql`select 1`.execute(app.db);
        return { status: 'ok' as const, database: app.dbKind };
      } catch {
        return unavailable();
      }
    },
  );
};

export default health;
