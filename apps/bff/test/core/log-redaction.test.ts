// A caller that brings its own logger options (a stream, a serializer that logs headers) still gets
// the app's redaction: tokens in a logged request come out as [redacted].

import { Writable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, testEnv } from '../helper.js';

const ADMIN_TOKEN = testEnv().ADMIN_TOKEN as string;

describe('log redaction with the caller’s own logger options', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await buildTestApp('pglite', {
      logger: {
        level: 'info',
        stream: sink,
        // This caller logs every request's headers and query, and redacts a header of its own.
        serializers: {
          req: (request: FastifyRequest) => ({
            method: request.method,
            url: request.routeOptions?.url,
            headers: request.headers,
            query: request.query,
          }),
        },
        redact: ['req.headers.cookie'],
      },
    });
  });
  afterAll(() => t.close());

  it('the admin bearer token, an access_token in the query and the caller’s own path are redacted', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/admin/orders?access_token=QUERY-TOKEN-0123456789',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, cookie: 'session=COOKIE-0123456789' },
    });
    expect(res.statusCode).not.toBe(401);
    // One line per request at info: the completed request carries the request (core/request-log.ts).
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request completed');
    expect(logged?.req.headers.authorization).toBe('[redacted]');
    expect(logged?.req.query.access_token).toBe('[redacted]');
    expect(logged?.req.headers.cookie).toBe('[redacted]');
    const everything = lines.join('\n');
    expect(everything).not.toContain(ADMIN_TOKEN);
    expect(everything).not.toContain('QUERY-TOKEN-0123456789');
    expect(everything).not.toContain('COOKIE-0123456789');
  });
});
