// POST /pay/notify and /pay/refund-notify: WeChat Pay's payment and refund notifications. Its own plugin: the body stays the exact raw
// bytes (the signature covers them), and errors answer WeChat's {code:'FAIL', message} so it retries.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { NotificationRefused } from '../payments.js';

const FailBody = Type.Object(
  { code: Type.Literal('FAIL'), message: Type.String() },
  { description: 'WeChat Pay retries the notification on any answer but 2xx' },
);

const payNotify: FastifyPluginAsyncTypebox = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: 64 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof NotificationRefused) {
      request.log.warn({ reason: error.message }, 'pay notification refused');
      return reply.status(error.statusCode).send({ code: 'FAIL', message: error.message });
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'pay notification failed');
    return reply
      .status(status)
      .send({ code: 'FAIL', message: status === 500 ? 'temporarily unavailable' : error.message });
  });

  app.post(
    '/notify',
    {
      schema: {
        tags: ['wechat'],
        summary: 'WeChat Pay payment notification (signed, AEAD_AES_256_GCM resource)',
        response: {
          204: Type.Null({ description: 'Accepted (also for a duplicate)' }),
          400: FailBody,
          401: FailBody,
          404: FailBody,
          413: FailBody,
          415: FailBody,
          500: FailBody,
        },
      },
    },
    async (request, reply) => {
      const body = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
      const result = await app.payments.handleNotification(request.headers, body);
      if (result.kind === 'paid') {
        request.log.info({ sn: result.order.sn }, 'order paid');
        app.notices.worker.wake();
      } else if (result.kind === 'ignored') {
        request.log.info({ reason: result.reason }, 'pay notification ignored');
      }
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/refund-notify',
    {
      schema: {
        tags: ['wechat'],
        summary: 'WeChat Pay refund notification (REFUND.SUCCESS / ABNORMAL / CLOSED)',
        response: {
          204: Type.Null({ description: 'Applied (also for a duplicate)' }),
          400: FailBody,
          401: FailBody,
          404: FailBody,
          413: FailBody,
          415: FailBody,
          500: FailBody,
        },
      },
    },
    async (request, reply) => {
      const body = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
      const refund = await app.refunds.handleNotification(request.headers, body);
      request.log.info({ sn: refund.order_sn, status: refund.status }, 'refund notification applied');
      return reply.status(204).send(null);
    },
  );
};

export default payNotify;
