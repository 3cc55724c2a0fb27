// WeChat Pay v3 (`/v3/...`): merchant signature check, JSAPI prepay, every response signed by the platform.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { verifyMerchantRequest } from '../crypto/merchant-authorization.js';
import { signAsPlatform } from '../crypto/platform-signer.js';
import { sleep } from '../delivery/pay-notifier.js';
import { newRequestId } from '../ids.js';
import type { Sim } from '../sim.js';
import type { JsapiOrderRequest } from '../state/pay-orders.js';

interface PayError {
  status: number;
  code: string;
  message: string;
}

const payError = (status: number, code: string, message: string): PayError => ({ status, code, message });

const isText = (value: unknown, max: number) =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/** The first problem with a JSAPI order body, named the way a developer can fix it. */
export function validateJsapiOrder(
  sim: Sim,
  body: Record<string, unknown>,
  mchid: string,
): { ok: false; error: PayError } | { ok: true; order: JsapiOrderRequest } {
  const error = findOrderProblem(sim, body, mchid);
  return error ? { ok: false, error } : { ok: true, order: body as unknown as JsapiOrderRequest };
}

function findOrderProblem(sim: Sim, body: Record<string, unknown>, mchid: string): PayError | null {
  if (!isText(body.appid, 32)) return payError(400, 'PARAM_ERROR', 'appid is required');
  if (!isText(body.mchid, 32)) return payError(400, 'PARAM_ERROR', 'mchid is required');
  if (body.mchid !== mchid)
    return payError(400, 'PARAM_ERROR', 'mchid must be the merchant that signed the request');
  if (!sim.config.apps.has(body.appid as string)) {
    return payError(
      400,
      'APPID_MCHID_NOT_MATCH',
      `appid ${String(body.appid)} is not bound to mchid ${mchid}`,
    );
  }
  if (!isText(body.description, 127))
    return payError(400, 'PARAM_ERROR', 'description is required (at most 127 characters)');
  if (typeof body.out_trade_no !== 'string' || !/^[A-Za-z0-9_\-|*]{6,32}$/.test(body.out_trade_no)) {
    return payError(400, 'PARAM_ERROR', 'out_trade_no must be 6-32 letters, digits or _-|*');
  }
  const badNotifyUrl = notifyUrlProblem(body.notify_url);
  if (badNotifyUrl) return payError(400, 'PARAM_ERROR', badNotifyUrl);
  const amount = body.amount as { total?: unknown; currency?: unknown } | undefined;
  if (
    !amount ||
    typeof amount !== 'object' ||
    !Number.isInteger(amount.total) ||
    (amount.total as number) <= 0
  ) {
    return payError(400, 'PARAM_ERROR', 'amount.total must be an integer number of fen greater than 0');
  }
  if (amount.currency !== undefined && amount.currency !== 'CNY') {
    return payError(400, 'PARAM_ERROR', 'amount.currency must be CNY');
  }
  const payer = body.payer as { openid?: unknown } | undefined;
  if (!payer || typeof payer !== 'object' || !isText(payer.openid, 128)) {
    return payError(400, 'PARAM_ERROR', 'payer.openid is required');
  }
  const payerUser = sim.users.get(payer.openid as string);
  // JSAPI prepay: an openid is per app, so another app's openid is refused as a mismatch.
  if (payerUser && payerUser.appid !== body.appid)
    return payError(400, 'PARAM_ERROR', 'appid和openid不匹配 (payer.openid belongs to another appid)');
  if (!payerUser) {
    return payError(
      400,
      'PARAM_ERROR',
      `payer.openid ${String(payer.openid)} is not a user of appid ${String(body.appid)}`,
    );
  }
  if (body.attach !== undefined && !isText(body.attach, 128))
    return payError(400, 'PARAM_ERROR', 'attach must be at most 128 characters');
  return null;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * JSAPI prepay: notify_url must be reachable from the internet, "不能携带参数", and https. A loopback
 * http URL stays allowed so the demo and tests run on a laptop.
 */
function notifyUrlProblem(value: unknown): string | null {
  let url: URL;
  try {
    url = new URL(typeof value === 'string' ? value : '');
  } catch {
    return 'notify_url must be an absolute https URL';
  }
  if (url.search !== '' || url.href.endsWith('?')) return 'notify_url must not carry a query string';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return 'notify_url must be https (http only on a loopback host)';
}

export async function payRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  // The signature covers the exact bytes, so the body stays a string until it has been verified.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: 256 * 1024 },
    (_request, body, done) => done(null, body),
  );

  app.addHook('onSend', async (_request, reply, payload) => {
    const body = typeof payload === 'string' ? payload : '';
    const headers = signAsPlatform(sim.config.platform, body, Math.floor(Date.now() / 1000));
    reply.headers({ ...headers, 'Request-ID': newRequestId() });
    return payload;
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'emulated WeChat Pay failed');
    const code = status === 415 ? 'INVALID_REQUEST' : status === 500 ? 'SYSTEM_ERROR' : 'PARAM_ERROR';
    return reply.code(status).send({ code, message: status === 500 ? 'System error' : error.message });
  });

  const fail = (reply: FastifyReply, error: PayError) =>
    reply.code(error.status).send({ code: error.code, message: error.message });

  app.post('/v3/pay/transactions/jsapi', async (request, reply) => {
    sim.stats.call('pay_jsapi');
    const fault = sim.faults.take('pay_jsapi');
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.status !== undefined || fault?.errcode !== undefined) {
      return fail(reply, payError(fault.status ?? 500, 'SYSTEM_ERROR', 'System error, please retry'));
    }
    const raw = typeof request.body === 'string' ? request.body : '';
    const { merchant } = sim.config;
    const problem = verifyMerchantRequest(
      merchant,
      { method: request.method, url: request.url, body: raw, authorization: request.headers.authorization },
      // WeChat Pay checks the signature time against its real clock, not against the emulator's virtual one.
      Math.floor(Date.now() / 1000),
    );
    if (problem) return fail(reply, payError(401, 'SIGN_ERROR', problem));
    const limited = sim.limits.admit('pay_jsapi', merchant.mchid, sim.clock.now());
    if (limited) return fail(reply, payError(429, 'FREQUENCY_LIMITED', 'Too many requests, slow down'));

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return fail(reply, payError(400, 'PARAM_ERROR', 'body is not valid JSON'));
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return fail(reply, payError(400, 'PARAM_ERROR', 'body must be a JSON object'));
    }
    const validated = validateJsapiOrder(sim, body as Record<string, unknown>, merchant.mchid);
    if (!validated.ok) return fail(reply, validated.error);
    const order = validated.order;
    const result = sim.orders.prepay(order, sim.clock.now());
    if (!result.ok) {
      return result.code === 'ORDERPAID'
        ? fail(reply, payError(403, 'ORDERPAID', `out_trade_no ${order.out_trade_no} is already paid`))
        : fail(
            reply,
            payError(
              400,
              'OUT_TRADE_NO_USED',
              `out_trade_no ${order.out_trade_no} was used with different parameters`,
            ),
          );
    }
    return { prepay_id: result.order.prepayId };
  });
}
