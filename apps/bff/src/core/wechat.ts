// The WeChat API client (token shared through the database) and the WeChat Pay client, as decorators.

import { createPayClient, createWechatClient, type PayClient, type WechatClient } from '@checkout/wechat';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { platformKeysFor } from '../payments/platform-keys.js';
import { DbTokenStore } from './db-token-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    wechat: WechatClient;
    pay: PayClient;
  }
}

export interface WechatPluginOptions {
  wechat: Config['wechat'];
  pay: Config['pay'];
  /** Per-call timeout of WeChat and WeChat Pay calls. */
  timeoutMs?: number;
}

export default fp<WechatPluginOptions>(
  async (app, { wechat, pay, timeoutMs = 5000 }) => {
    app.decorate(
      'wechat',
      createWechatClient({
        appid: wechat.appid,
        secret: wechat.secret,
        apiBase: wechat.apiBase,
        tokenMode: wechat.tokenMode,
        tokenStore: new DbTokenStore(app.db),
        timeoutMs,
      }),
    );
    app.decorate(
      'pay',
      createPayClient({
        mchid: pay.mchid,
        serialNo: pay.serialNo,
        privateKey: pay.privateKey,
        apiV3Key: pay.apiV3Key,
        platformKeys: platformKeysFor(pay, app.db, timeoutMs),
        apiBase: pay.apiBase,
        timeoutMs,
      }),
    );
  },
  { name: 'wechat', dependencies: ['db'] },
);
