// WeChat Pay v3 JSAPI prepay (`POST /v3/pay/transactions/jsapi`): the order checked the way WeChat Pay does.

import type { FastifyInstance } from 'fastify';
import type { Sim } from '../sim.js';
import type { JsapiOrderRequest } from '../state/pay-orders.js';
import {
  admitPayRequest,
  isPayError,
  type PayError,
  parsePayBody,
  payError,
  sendPayError,
} from './pay-request.js';

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
  if (body.time_expire !== undefined && Number.isNaN(Date.parse(String(body.time_expire))))
    return payError(
      400,
      'PARAM_ERROR',
      'time_expire must be an RFC 3339 time, e.g. 2026-06-08T10:34:56+08:00',
    );
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

export async function jsapiPrepayRoute(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.post('/v3/pay/transactions/jsapi', async (request, reply) => {
    const refused = await admitPayRequest(sim, 'pay_jsapi', request);
    if (refused) return sendPayError(reply, refused);
    const body = parsePayBody(request.body);
    if (isPayError(body)) return sendPayError(reply, body);
    const validated = validateJsapiOrder(sim, body, sim.config.merchant.mchid);
    if (!validated.ok) return sendPayError(reply, validated.error);
    const order = validated.order;
    const result = sim.orders.prepay(order, sim.clock.now());
    if (result.ok) return { prepay_id: result.order.prepayId };
    return sendPayError(reply, PREPAY_REFUSALS[result.code](order.out_trade_no));
  });
}

const PREPAY_REFUSALS = {
  ORDERPAID: (sn: string) => payError(403, 'ORDERPAID', `out_trade_no ${sn} is already paid`),
  ORDER_CLOSED: (sn: string) =>
    payError(400, 'ORDER_CLOSED', `out_trade_no ${sn} is closed; place a new order`),
  OUT_TRADE_NO_USED: (sn: string) =>
    payError(400, 'OUT_TRADE_NO_USED', `out_trade_no ${sn} was used with different parameters`),
};
