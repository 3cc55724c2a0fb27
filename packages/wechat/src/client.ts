import { type AccessTokenProvider, createAccessTokenProvider } from './access-token.js';
import { WechatApiError } from './errors.js';
import {
  checkErrcode,
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  type HttpContext,
  requestJson,
  requireString,
} from './http.js';
import { assertSubscribeData } from './subscribe-data.js';
import type { TokenStore } from './token-store.js';

export const DEFAULT_API_BASE = 'https://api.weixin.qq.com';

export interface WechatClientOptions {
  appid: string;
  secret: string;
  /** The real WeChat host by default; the emulator's URL in dev and tests. */
  apiBase?: string;
  tokenStore?: TokenStore;
  tokenMode?: 'stable' | 'classic';
  fetch?: FetchLike;
  timeoutMs?: number;
  now?: () => number;
}

export interface Code2SessionResult {
  openid: string;
  session_key: string;
  unionid?: string;
}

export interface TemplateMessage {
  touser: string;
  template_id: string;
  page?: string;
  /** A formId from a form submit, or a prepay_id. */
  form_id: string;
  data: Record<string, { value: string; color?: string }>;
  emphasis_keyword?: string;
}

export type MiniprogramState = 'developer' | 'trial' | 'formal';
export type SubscribeLang = 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: MiniprogramState;
  lang?: SubscribeLang;
}

export interface WechatClient {
  readonly appid: string;
  readonly accessToken: AccessTokenProvider;
  code2Session(jsCode: string): Promise<Code2SessionResult>;
  /** Legacy `cgi-bin/message/wxopen/template/send` (switched off by live WeChat on 2020-01-10). */
  sendTemplateMessage(message: TemplateMessage): Promise<void>;
  /** `cgi-bin/message/subscribe/send`; every value is validated first (SubscribeDataError, nothing sent). */
  sendSubscribeMessage(message: SubscribeMessage): Promise<void>;
}

export function createWechatClient(options: WechatClientOptions): WechatClient {
  const { appid, secret } = options;
  const apiBase = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '');
  const fetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const http: HttpContext = { fetch, timeoutMs };
  const accessToken = createAccessTokenProvider({
    appid,
    secret,
    apiBase,
    mode: options.tokenMode,
    store: options.tokenStore,
    fetch,
    timeoutMs,
    now: options.now,
  });

  /** Calls `api` with a token; on a token errcode drops that token, refreshes once and retries once. */
  async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await accessToken.getToken();
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof WechatApiError) || err.kind !== 'token') throw err;
      await accessToken.invalidate(token);
      return call(await accessToken.getToken());
    }
  }

  async function postWithToken(api: string, body: unknown): Promise<void> {
    await withToken(async (token) => {
      const url = `${apiBase}/${api}?${new URLSearchParams({ access_token: token })}`;
      checkErrcode(api, await requestJson(http, { api, url, method: 'POST', body }));
    });
  }

  return {
    appid,
    accessToken,

    async code2Session(jsCode) {
      const api = 'sns/jscode2session';
      const query = new URLSearchParams({ appid, secret, js_code: jsCode, grant_type: 'authorization_code' });
      const json = checkErrcode<{ unionid?: unknown }>(
        api,
        await requestJson(http, { api, url: `${apiBase}/${api}?${query}`, method: 'GET' }),
      );
      const result: Code2SessionResult = {
        openid: requireString(api, json, 'openid'),
        session_key: requireString(api, json, 'session_key'),
      };
      if (typeof json.unionid === 'string') result.unionid = json.unionid;
      return result;
    },

    async sendTemplateMessage(message) {
      await postWithToken('cgi-bin/message/wxopen/template/send', message);
    },

    async sendSubscribeMessage(message) {
      assertSubscribeData(message.data);
      await postWithToken('cgi-bin/message/subscribe/send', message);
    },
  };
}
