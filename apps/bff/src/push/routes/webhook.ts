// WeChat message push. Own plugin: the raw body reaches the handler as received (no JSON/XML parser
// runs first), with its own size limit. Order: app -> verify (msg_signature in safe mode) -> decrypt +
// frame appid -> parse -> store with trigger runs -> `success`. Query strings carry signatures and
// openids, so these routes log at warn and above only.

import { PushCryptoErrcode } from '@checkout/shared';
import { openPushMessage, type PushCrypto, PushCryptoError } from '@checkout/wechat';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  PushAppidMismatchError,
  PushAppUnknownError,
  PushBodyInvalidError,
  PushSignatureError,
  PushStoreUnavailableError,
} from '../errors.js';
import type { StoredPush } from '../event-store.js';
import { describePushMessage } from '../push-message.js';

export const PUSH_BODY_LIMIT = 64 * 1024;

const Params = Type.Object({ appid: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
const Signed = {
  signature: Type.Optional(Type.String({ maxLength: 128 })),
  msg_signature: Type.Optional(Type.String({ maxLength: 128 })),
  timestamp: Type.Optional(Type.String({ maxLength: 32 })),
  nonce: Type.Optional(Type.String({ maxLength: 64 })),
};
const HandshakeQuery = Type.Object({ ...Signed, echostr: Type.String({ minLength: 1, maxLength: 1024 }) });
const PushQuery = Type.Object({
  ...Signed,
  encrypt_type: Type.Optional(Type.String({ maxLength: 16 })),
  openid: Type.Optional(Type.String({ maxLength: 128 })),
});
const Text = Type.String();

function cryptoFor(app: FastifyInstance, appid: string): PushCrypto {
  const crypto = app.push.apps.get(appid);
  if (!crypto) throw new PushAppUnknownError(appid);
  return crypto;
}

/** Maps the SDK's WXBizMsgCrypt codes onto HTTP: trust failures 401, unreadable input 400. */
function toHttpError(error: unknown): unknown {
  if (!(error instanceof PushCryptoError)) return error;
  if (error.code === PushCryptoErrcode.VALIDATE_SIGNATURE) return new PushSignatureError(error.message);
  if (error.code === PushCryptoErrcode.VALIDATE_APPID) return new PushAppidMismatchError(error.message);
  return new PushBodyInvalidError(error.message);
}

function withinWindow(timestamp: string | undefined, maxSkewSeconds: number): boolean {
  if (maxSkewSeconds === 0) return true;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Date.now() / 1000 - Number(timestamp)) <= maxSkewSeconds;
}

function timeout(ms: number): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new PushStoreUnavailableError(`storing the event took over ${ms} ms`)),
      ms,
    );
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

const wxPush: FastifyPluginAsyncTypebox = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: PUSH_BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );

  app.get(
    '/:appid',
    {
      logLevel: 'warn',
      schema: {
        tags: ['wechat'],
        summary: 'Message-push URL verification: echoes echostr (decrypted in safe mode)',
        params: Params,
        querystring: HandshakeQuery,
        response: { 200: Text },
      },
    },
    async (request, reply) => {
      const crypto = cryptoFor(app, request.params.appid);
      const { timestamp, nonce, echostr } = request.query;
      if (!timestamp || !nonce) throw new PushSignatureError('timestamp and nonce are required');
      if (!withinWindow(timestamp, app.push.maxSkewSeconds)) {
        throw new PushSignatureError(`timestamp is outside the ${app.push.maxSkewSeconds} s replay window`);
      }
      let echo: string;
      try {
        echo = crypto.verifyUrl({ ...request.query, timestamp, nonce, echostr });
      } catch (error) {
        throw toHttpError(error);
      }
      return reply.type('text/plain; charset=utf-8').send(echo);
    },
  );

  app.post(
    '/:appid',
    {
      logLevel: 'warn',
      bodyLimit: PUSH_BODY_LIMIT,
      schema: {
        tags: ['wechat'],
        summary: 'Message push from WeChat (plaintext, compatible or safe mode; XML or JSON)',
        params: Params,
        querystring: PushQuery,
        response: { 200: Text },
      },
    },
    async (request, reply) => {
      const { appid } = request.params;
      const crypto = cryptoFor(app, appid);
      const body = typeof request.body === 'string' ? request.body : '';
      if (body.trim() === '') throw new PushBodyInvalidError('body is empty');
      let opened: ReturnType<typeof openPushMessage>;
      try {
        opened = openPushMessage({
          crypto,
          query: request.query,
          body,
          contentType: request.headers['content-type'],
          maxSkewSeconds: app.push.maxSkewSeconds === 0 ? undefined : app.push.maxSkewSeconds,
        });
      } catch (error) {
        throw toHttpError(error);
      }
      const facts = describePushMessage(opened.message);

      const deadline = timeout(app.push.storeTimeoutMs);
      let stored: StoredPush;
      try {
        stored = await Promise.race([app.push.events.store(appid, facts), deadline.promise]);
      } catch (error) {
        if (error instanceof PushStoreUnavailableError) throw error;
        request.log.error({ err: error }, 'storing a push event failed');
        throw new PushStoreUnavailableError('the event could not be stored');
      } finally {
        deadline.cancel();
      }
      if (stored.runs > 0) app.push.worker.wake();
      app.log.info(
        {
          reqId: request.id,
          appid,
          mode: opened.mode,
          format: opened.format,
          msgType: facts.msgType,
          event: facts.event,
          eventId: stored.eventId,
          duplicate: stored.duplicate,
          runs: stored.runs,
        },
        'push event stored',
      );
      return reply.type('text/plain; charset=utf-8').send('success');
    },
  );
};

export default wxPush;
