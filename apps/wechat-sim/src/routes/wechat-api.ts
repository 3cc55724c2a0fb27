// The scope of WeChat's own API (cgi-bin, sns): WeChat-style bodies and errors, faults, call counters.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sleep } from '../delivery/pay-notifier.js';
import type { WxEndpoint } from '../options.js';
import type { Sim } from '../sim.js';
import { type WxErrorBody, wxError } from '../wx-errors.js';
import { jscode2sessionRoute } from './jscode2session.js';
import { subscribeSendRoute } from './subscribe-send.js';
import { templateSendRoute } from './template-send.js';
import { tokenRoutes } from './token.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which emulated endpoint a route is, for faults, stats and limits. */
    endpoint?: WxEndpoint;
  }
}

/** Applies a pending fault; true when the fault already answered the call. */
export async function applyFault(sim: Sim, endpoint: WxEndpoint, reply: FastifyReply): Promise<boolean> {
  const fault = sim.faults.take(endpoint);
  if (!fault) return false;
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.status !== undefined) {
    await reply.code(fault.status).send(wxError(-1));
    return true;
  }
  if (fault.errcode !== undefined) {
    await reply.send(wxError(fault.errcode));
    return true;
  }
  return false;
}

/** JSON bodies as WeChat reads them: no body 44002, unparsable 47001. */
export function parseWxBody(raw: unknown): Record<string, unknown> | WxErrorBody {
  if (typeof raw !== 'string' || raw.trim() === '') return wxError(44002);
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // falls through to 47001 like WeChat
  }
  return wxError(47001);
}

export const isWxError = (value: unknown): value is WxErrorBody =>
  typeof value === 'object' && value !== null && 'errcode' in value && 'errmsg' in value;

/** access_token check plus the endpoint's minute limit and daily quota. */
export function authorizeCall(
  sim: Sim,
  request: FastifyRequest,
  endpoint: WxEndpoint,
): { appid: string } | WxErrorBody {
  const token = (request.query as Record<string, string | undefined>).access_token;
  const now = sim.clock.now();
  const check = sim.tokens.check(token, now);
  if (!check.ok) return wxError(check.errcode);
  const limited = sim.limits.admit(endpoint, check.appid, now);
  return limited ? wxError(limited) : { appid: check.appid };
}

export async function wechatApiRoutes(app: FastifyInstance): Promise<void> {
  // WeChat reads the body itself, whatever the content type, and answers bad JSON with an errcode.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) =>
    done(null, body),
  );
  app.addHook('onRequest', async (request, reply) => {
    const endpoint = request.routeOptions.config.endpoint;
    if (!endpoint) return;
    app.sim.stats.call(endpoint);
    if (await applyFault(app.sim, endpoint, reply)) return reply;
  });
  app.setErrorHandler((error, request, reply) => {
    request.log.error({ err: error }, 'emulated WeChat API failed');
    return reply.code(200).send(wxError(-1));
  });
  await app.register(tokenRoutes);
  await app.register(jscode2sessionRoute);
  await app.register(templateSendRoute);
  await app.register(subscribeSendRoute);
}
