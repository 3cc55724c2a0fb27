import { ErrorBody, LoginBody, LoginReply } from '@checkout/shared';
import { WechatApiError } from '@checkout/wechat';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LoginCodeInvalid, WechatUnavailable } from '../errors.js';

/** Errcodes of jscode2session that mean "this code is no good", not "WeChat is down". */
const BAD_CODE_ERRCODES = new Set([40029, 40163, 40226]);

const auth: FastifyPluginAsyncTypebox<{ perMinute: number }> = async (app, { perMinute }) => {
  app.post(
    '/login',
    {
      config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['shopper'],
        summary: 'Exchange a wx.login code for a session token',
        description: 'openid and session_key stay on the server; the app only gets a session token.',
        body: LoginBody,
        response: { 200: LoginReply, 400: ErrorBody, 429: ErrorBody, 502: ErrorBody },
      },
    },
    async (request) => {
      let openid: string;
      try {
        ({ openid } = await app.wechat.code2Session(request.body.code));
      } catch (error) {
        if (error instanceof WechatApiError && BAD_CODE_ERRCODES.has(error.errcode)) {
          throw new LoginCodeInvalid(String(error.errcode));
        }
        request.log.error({ err: error }, 'jscode2session failed');
        throw new WechatUnavailable();
      }
      const session = app.sessions.issue(openid);
      return { token: session.token, expiresAt: new Date(session.expiresAt).toISOString() };
    },
  );
};

export default auth;
