// The /sim control API: JSON (or form-encoded) bodies, plain HTTP errors {error, message}.

import { STATUS_CODES } from 'node:http';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { adminRoutes } from './admin.js';
import { inboxRoutes } from './inbox.js';
import { payControlRoutes } from './pay.js';
import { payFaultRoutes } from './pay-faults.js';
import { platformRoutes } from './platform.js';
import { pushControlRoutes } from './push.js';
import { userRoutes } from './users.js';

export async function simControlRoutes(app: FastifyInstance): Promise<void> {
  await app.register(formbody);
  // The h5 demo page (another origin) stands in for the phone and calls the control API directly.
  await app.register(cors, { origin: true });
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'sim control route failed');
    const label = STATUS_CODES[status] ?? 'Error';
    return reply.code(status).send({ error: label, message: status === 500 ? label : error.message });
  });
  await app.register(userRoutes);
  await app.register(payControlRoutes);
  await app.register(payFaultRoutes);
  await app.register(platformRoutes);
  await app.register(pushControlRoutes);
  await app.register(inboxRoutes);
  await app.register(adminRoutes);
}
