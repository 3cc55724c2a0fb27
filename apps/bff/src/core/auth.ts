import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AdminRequired, SessionInvalid, SessionMissing } from './errors.js';
import { SessionTokens } from './session-token.js';

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionTokens;
    /** onRequest hook (before the body is read or validated): a shopper session token is required; sets request.shopper. */
    requireShopper(request: FastifyRequest): Promise<void>;
    /** onRequest hook (before the body is read or validated): the ADMIN_TOKEN bearer is required. */
    requireAdmin(request: FastifyRequest): Promise<void>;
  }
  interface FastifyRequest {
    shopper: { openid: string };
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export default fp<{ sessionSecret: string; adminToken: string }>(
  async (app, { sessionSecret, adminToken }) => {
    const sessions = new SessionTokens(sessionSecret);
    const adminDigest = digest(adminToken);
    app.decorate('sessions', sessions);
    app.decorateRequest('shopper', null as unknown as { openid: string });

    app.decorate('requireShopper', async (request: FastifyRequest) => {
      const token = bearer(request);
      if (!token) throw new SessionMissing();
      const claims = sessions.open(token);
      if (!claims) throw new SessionInvalid();
      request.shopper = { openid: claims.openid };
    });

    app.decorate('requireAdmin', async (request: FastifyRequest) => {
      const token = bearer(request);
      if (!token || !timingSafeEqual(digest(token), adminDigest)) throw new AdminRequired();
    });
  },
  { name: 'auth' },
);
