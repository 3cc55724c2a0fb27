// How the Fastify instance that carries the app is built: body limit, proxy trust, validation, plugin
// timeout, and a logger that always redacts secrets, whatever logger options the caller brings.

import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { OneLinePerRequest } from './core/request-log.js';

/** Log fields that must never be written: identities, keys, tokens, signatures. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["wechatpay-signature"]',
  'req.query.signature',
  'req.query.msg_signature',
  'req.query.access_token',
  '*.openid',
  '*.session_key',
  '*.access_token',
  '*.token',
];

const CENSOR = '[redacted]';

type LoggerOption = FastifyServerOptions['logger'];

export function serverOptions(config: Config, logger?: LoggerOption): FastifyServerOptions {
  return {
    logger: withRedaction(logger ?? { level: config.logLevel }),
    logController: new OneLinePerRequest(),
    bodyLimit: 256 * 1024,
    trustProxy:
      typeof config.trustProxy === 'number'
        ? trustHops(config.trustProxy) // Fastify takes a hop count, but its types do not say so
        : config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    // Start-up runs migrations, which wait for another instance's migration lock and, on a loaded
    // machine, can take longer than Fastify's default 10 s per plugin.
    pluginTimeout: 120_000,
  };
}

/** The caller's logger options, with REDACTED_PATHS added to any paths it redacts itself. */
function withRedaction(logger: LoggerOption): LoggerOption {
  if (logger === false || logger === undefined) return logger;
  const options = logger === true ? {} : logger;
  const own = options.redact;
  const paths = Array.isArray(own) ? own : (own?.paths ?? []);
  return {
    ...options,
    redact: {
      ...(Array.isArray(own) ? {} : own),
      paths: [...new Set([...REDACTED_PATHS, ...paths])],
      censor: CENSOR,
    },
  };
}

/** proxy-addr's test for "the nearest n proxies are ours": hop 0 is the socket's peer. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}
