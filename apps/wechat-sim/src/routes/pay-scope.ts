// WeChat Pay v3 (`/v3/...`): raw bodies for the merchant signature check, and every answer signed by the
// platform (unless a /sim pay fault strips or forges the signature).

import type { FastifyInstance } from 'fastify';
import { signAsPlatform } from '../crypto/platform-signer.js';
import { newRequestId } from '../ids.js';
import { certificateRoutes } from './pay-certificates.js';
import { jsapiPrepayRoute } from './pay-jsapi.js';
import { orderRoutes } from './pay-orders.js';
import { refundRoutes } from './pay-refunds.js';

export async function payRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  // The signature covers the exact bytes, so the body stays a string until it has been verified.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: 256 * 1024 },
    (_request, body, done) => done(null, body),
  );

  // WeChat Pay signs every answer, errors and the empty 204 included.
  app.addHook('onSend', async (_request, reply, payload) => {
    const body = typeof payload === 'string' ? payload : '';
    reply.header('Request-ID', newRequestId());
    const fault = sim.payFaults.takeAnswerFault();
    if (fault === 'strip') return payload;
    const platform = sim.platformKeys.signer();
    const signer = fault === 'forge' ? { ...platform, privateKey: sim.payFaults.forgery() } : platform;
    reply.headers({ ...signAsPlatform(signer, body, Math.floor(Date.now() / 1000)) });
    return payload;
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'emulated WeChat Pay failed');
    const code = status === 415 ? 'INVALID_REQUEST' : status === 500 ? 'SYSTEM_ERROR' : 'PARAM_ERROR';
    return reply.code(status).send({ code, message: status === 500 ? 'System error' : error.message });
  });

  await app.register(jsapiPrepayRoute);
  await app.register(orderRoutes);
  await app.register(refundRoutes);
  await app.register(certificateRoutes);
}
