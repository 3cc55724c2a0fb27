// Message push to the merchant's server: any message, or a card event built from a few fields.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { buildCardEvent, CARD_EVENTS, type CardEventInput } from '../../delivery/card-event.js';
import type { PushFormat, PushMessage, PushMode } from '../../delivery/push-format.js';
import { deliverPush } from '../../delivery/push-sender.js';
import type { Sim } from '../../sim.js';
import { resolveApp } from './resolve-app.js';

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

async function push(sim: Sim, target: PushTarget, message: PushMessage, reply: FastifyReply) {
  const app = resolveApp(sim, target.appid, reply);
  if (!app) return undefined;
  const crypto = sim.config.push.get(app.appid)!;
  const filled: PushMessage = {
    ToUserName: app.originalId,
    ...message,
    CreateTime: message.CreateTime ?? sim.clock.nowSeconds(),
  };
  return deliverPush(
    {
      url: target.url,
      app: { appid: app.appid, ...crypto },
      message: filled,
      mode: target.mode ?? 'safe',
      format: target.format ?? 'xml',
    },
    {
      timeoutMs: sim.config.pushTimeoutMs,
      retries: sim.config.pushRetries,
      // The signature timestamp is checked against the receiver's real clock.
      nowSeconds: () => Math.floor(Date.now() / 1000),
    },
  );
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
      const outcome = await push(sim, request.body, request.body.message, reply);
      return outcome ?? reply;
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
            consume_source: { type: 'string' },
            location_name: { type: 'string' },
            staff_open_id: { type: 'string' },
            verify_code: { type: 'string' },
            remark_amount: { type: 'string' },
            outer_str: { type: 'string' },
            is_give_by_friend: { type: 'integer', enum: [0, 1] },
            friend_user_name: { type: 'string' },
            old_user_card_code: { type: 'string' },
            outer_id: { type: 'integer' },
            unionid: { type: 'string' },
          },
        },
      },
    },
    async (request, reply) => {
      const target = resolveApp(sim, request.body.appid, reply);
      if (!target) return reply;
      const message = buildCardEvent(request.body, target.originalId, sim.clock.nowSeconds());
      const outcome = await push(sim, request.body, message, reply);
      return outcome ? { message, ...outcome } : reply;
    },
  );
}
