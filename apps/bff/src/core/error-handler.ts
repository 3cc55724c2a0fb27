import { STATUS_CODES } from 'node:http';
import { NO_CONTROL_CHARACTERS } from '@checkout/shared';
import type { FastifyError, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * One error handler: 4xx answer {statusCode, error, message, code?} naming the problem; 5xx say only
 * "Internal Server Error" and are logged with the request id.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (error.code === 'FST_UNDER_PRESSURE') {
        // Deliberate (load shedding, with Retry-After): the client should come back, nothing broke.
        request.log.warn({ code: error.code }, 'service unavailable');
        return reply
          .status(503)
          .send({ statusCode: 503, error: STATUS_CODES[503], message: STATUS_CODES[503] });
      }
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        return reply
          .status(status)
          .send({ statusCode: status, error: 'Internal Server Error', message: 'Internal Server Error' });
      }
      const message = error.validation
        ? `${error.validationContext ?? 'request'} ${describeValidation(error)}`
        : error.message;
      return reply.status(status).send({
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message,
        ...(error.code && !error.code.startsWith('FST_ERR_VALIDATION') ? { code: error.code } : {}),
      });
    });
    app.setNotFoundHandler(async (request) => {
      throw new RouteNotFoundError(request);
    });
  },
  { name: 'errors' },
);

function describeValidation(error: FastifyError): string {
  // A union reports one error per variant; the deepest one names the field most precisely.
  const first = error.validation?.reduce((deepest, candidate) =>
    candidate.instancePath.length > deepest.instancePath.length ? candidate : deepest,
  );
  if (!first) return error.message;
  const where = first.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
  const missing = (first.params as { missingProperty?: string }).missingProperty;
  const extra = (first.params as { additionalProperty?: string }).additionalProperty;
  if (missing) return `must have property "${where ? `${where}.` : ''}${missing}"`;
  if (extra) return `has unknown property "${where ? `${where}.` : ''}${extra}"`;
  if ((first.params as { pattern?: string }).pattern === NO_CONTROL_CHARACTERS) {
    return `${where ? `"${where}" ` : ''}must not contain control characters`;
  }
  return `${where ? `"${where}" ` : ''}${first.message ?? 'is invalid'}`;
}

/** The 404 of a route nobody serves (also the console's, for a path that names a file): no code, the route is named. */
export class RouteNotFoundError extends Error {
  readonly statusCode = 404;
  constructor(request: FastifyRequest) {
    super(`Route ${request.method} ${request.url.split('?')[0]} not found`);
  }
}
