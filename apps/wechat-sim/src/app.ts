// The WeChat emulator as one Fastify app: WeChat's API, WeChat Pay v3, and the /sim control API.

import Fastify, { type FastifyInstance } from 'fastify';
import { resolveSimOptions, type SimOptions } from './options.js';
import { payRoutes } from './routes/pay-scope.js';
import { simControlRoutes } from './routes/sim/index.js';
import { wechatApiRoutes } from './routes/wechat-api.js';
import { Sim } from './sim.js';

export type { NotifyAttempt } from './delivery/pay-notifier.js';
export { NOTIFY_RETRY_DELAYS_S } from './delivery/pay-notifier.js';
export type { PushOutcome } from './delivery/push-sender.js';
export { type BffEnv, type SimEnvOptions, simEnv, toDotenv } from './env.js';
export { type CreateSimKeysOptions, createSimKeys, DEMO_APPID, type SimKeys } from './keys.js';
export type { SimApp, SimOptions, WxEndpoint } from './options.js';
export { WX_ENDPOINTS } from './options.js';
export { Sim } from './sim.js';
export type { InboxMessage } from './state/inbox.js';
export type { LegacyTemplate, SimTemplates, SubscribeTemplate } from './templates.js';

declare module 'fastify' {
  interface FastifyInstance {
    sim: Sim;
  }
}

/** Query parameters that carry secrets; request logs show them masked. */
const SECRET_PARAMS = /([?&](?:secret|access_token|js_code)=)[^&]*/g;

export async function buildSim(opts: SimOptions = {}): Promise<FastifyInstance> {
  const config = resolveSimOptions(opts);
  const logger = opts.logger ?? false;
  const app = Fastify({
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allowUnionTypes: true } },
    logger: logger && {
      level: logger === true ? 'info' : (logger.level ?? 'info'),
      serializers: {
        // App secrets and tokens travel in query strings; the log shows them masked.
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          url: req.url.replace(SECRET_PARAMS, '$1***'),
          remoteAddress: req.ip,
        }),
      },
    },
  });
  const sim = new Sim(config, app.log);
  app.decorate('sim', sim);
  app.addHook('onClose', async () => {
    sim.refundSettler.reset();
    sim.notifier.close();
  });
  await app.register(wechatApiRoutes);
  await app.register(payRoutes);
  await app.register(simControlRoutes);
  return app;
}
