// Message push to the merchant's server: any message, or a card event from the Official Account.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { buildCardEvent, CARD_EVENTS, type CardEventInput } from '../../delivery/card-event.js';
import type { PushFormat, PushMessage, PushMode } from '../../delivery/push-format.js';
import { deliverPush } from '../../delivery/push-sender.js';
import type { ResolvedApp } from '../../options.js';
import type { Sim } from '../../sim.js';
import { resolvePushApp } from './resolve-app.js';

interface PushTarget {
  url: string;
  appid?: string;
  mode?: PushMode;
  format?: PushFormat;
}

const targetProperties = {
  url: { type: 'string', pattern: '^https?://' },
  appid: { type: 'string', minLength: 1 },
  mode: { type: 'string', enum: ['plain', 'compatible', 'safe'] },
  format: { type: 'string', enum: ['xml', 'json'] },
} as const;

const text = { type: 'string' } as const;
const fen = { type: 'integer', minimum: 0 } as const;

async function push(sim: Sim, app: ResolvedApp, target: PushTarget, message: PushMessage) {
  const crypto = sim.config.push.get(app.appid)!;
  const filled: PushMessage = {
    ToUserName: app.originalId,
    ...message,
    CreateTime: message.CreateTime ?? sim.clock.nowSeconds(),
  };
  const mode = target.mode ?? 'safe';
  const format = target.format ?? 'xml';
  const record = sim.pushDeliveries.start({
    url: target.url,
    appid: app.appid,
    format,
    mode,
    ...(filled.MsgType === undefined ? {} : { msgType: String(filled.MsgType) }),
    ...(filled.Event === undefined ? {} : { event: String(filled.Event) }),
    ...(filled.MsgId === undefined ? {} : { msgId: String(filled.MsgId) }),
    at: new Date(sim.clock.now()).toISOString(),
  });
  const outcome = await deliverPush(
    { url: target.url, app: { appid: app.appid, ...crypto }, message: filled, mode, format },
    {
      timeoutMs: sim.config.pushTimeoutMs,
      tries: sim.config.pushTries,
      // The signature timestamp is checked against the receiver's real clock.
      nowSeconds: () => Math.floor(Date.now() / 1000),
      onAttempt: (attempt) => sim.pushDeliveries.recordTry(record, attempt),
    },
  );
  sim.pushDeliveries.finish(record, outcome.delivered);
  return { delivery: record.id, ...outcome };
}

function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ error: 'Bad Request', message });
}

export async function pushControlRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.post<{ Body: PushTarget & { message: PushMessage } }>(
    '/sim/push',
    {
      schema: {
        body: {
          type: 'object',
          required: ['url', 'message'],
          properties: {
            ...targetProperties,
            message: {
              type: 'object',
              minProperties: 1,
              // A union type, so AJV keeps numbers numbers and strings strings.
              additionalProperties: { type: ['string', 'number'] },
              propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const target = resolvePushApp(sim, request.body.appid, reply);
      if (!target) return reply;
      return push(sim, target, request.body, request.body.message);
    },
  );

  app.post<{ Body: PushTarget & CardEventInput }>(
    '/sim/push/card-event',
    {
      schema: {
        body: {
          type: 'object',
          required: ['url', 'event', 'openid'],
          properties: {
            ...targetProperties,
            event: { type: 'string', enum: [...CARD_EVENTS] },
            openid: { type: 'string', minLength: 1 },
            card_id: { type: 'string', minLength: 1 },
            user_card_code: { type: 'string', minLength: 1 },
            consume_source: text,
            location_name: text,
            staff_open_id: text,
            verify_code: text,
            remark_amount: text,
            outer_str: text,
            is_give_by_friend: { type: 'integer', enum: [0, 1] },
            friend_user_name: text,
            old_user_card_code: text,
            outer_id: { type: 'integer' },
            unionid: text,
            out_trade_no: text,
            trans_id: text,
            location_id: { type: 'integer', minimum: 0 },
            fee: fen,
            original_fee: fen,
          },
        },
      },
    },
    async (request, reply) => {
      const oa = sim.config.officialAccount;
      const { appid, format } = request.body;
      // Card events go to the Official Account's server URL (卡券事件推送), never the mini-program's.
      if (appid !== undefined && appid !== oa.appid)
        return badRequest(reply, `card events come from the Official Account ${oa.appid}, not ${appid}`);
      // The Official Account's server URL has no JSON data format: its pushes are XML.
      if (format !== undefined && format !== 'xml')
        return badRequest(reply, 'the Official Account pushes XML only; leave format out or set it to xml');
      const message = buildCardEvent(request.body, oa.originalId, sim.clock.nowSeconds());
      return { message, ...(await push(sim, oa, request.body, message)) };
    },
  );

  app.get('/sim/push/deliveries', async () => sim.pushDeliveries.list());
}
