// wx.request over real HTTP, with WeChat's rules: `data` becomes the query string of a GET and the
// body of other methods (JSON unless the content-type says urlencoded), `dataType: 'json'` parses the
// reply when it is JSON (else the text is kept), any HTTP status is a success carrying `statusCode`,
// and only a network error or timeout is `request:fail ...`.
// https://developers.weixin.qq.com/miniprogram/dev/api/network/request/wx.request.html

import { type CallbackOptions, type ToRealm, WxFail } from './callbacks.js';
import type { WxState } from './state.js';

interface RequestOptions extends CallbackOptions {
  url?: string;
  method?: string;
  data?: unknown;
  header?: Record<string, unknown>;
  dataType?: string;
  responseType?: string;
  timeout?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function formEncode(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
}

function requestFor(options: RequestOptions): {
  url: string;
  method: string;
  headers: Headers;
  body?: string;
} {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers = new Headers();
  for (const [name, value] of Object.entries(options.header ?? {})) headers.set(name, String(value));
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  const data = options.data;
  let url = String(options.url ?? '');
  if (!/^https?:\/\//.test(url)) throw new WxFail(`invalid url "${url}"`);
  if (method === 'GET') {
    if (data && typeof data === 'object') {
      const query = formEncode(data as Record<string, unknown>);
      if (query) url += (url.includes('?') ? '&' : '?') + query;
    } else if (typeof data === 'string' && data) {
      url += (url.includes('?') ? '&' : '?') + data;
    }
    return { url, method, headers };
  }
  if (data === undefined) return { url, method, headers };
  if (typeof data === 'string') return { url, method, headers, body: data };
  const urlencoded = headers.get('content-type')?.includes('application/x-www-form-urlencoded');
  const body = urlencoded ? formEncode(data as Record<string, unknown>) : JSON.stringify(data);
  return { url, method, headers, body };
}

/** Origins baked into a bundle at build time, sent to where the test's services listen instead. */
export type OriginMap = Readonly<Record<string, string>>;

function mapOrigin(url: string, origins: OriginMap): string {
  for (const [from, to] of Object.entries(origins)) {
    if (url === from || url.startsWith(`${from}/`) || url.startsWith(`${from}?`))
      return to + url.slice(from.length);
  }
  return url;
}

export function requestApi(state: WxState, toRealm: ToRealm, origins: OriginMap = {}) {
  return (options: RequestOptions = {}) => {
    const controller = new AbortController();
    const record = {
      method: (options.method ?? 'GET').toUpperCase(),
      url: String(options.url),
      at: Date.now(),
    };
    state.requests.push(record);
    const run = async () => {
      const { url, method, headers, body } = requestFor({
        ...options,
        url: mapOrigin(String(options.url ?? ''), origins),
      });
      const timer = setTimeout(
        () => controller.abort(new WxFail('timeout')),
        options.timeout ?? DEFAULT_TIMEOUT_MS,
      );
      try {
        const response = await fetch(url, { method, headers, body, signal: controller.signal });
        const text = await response.text();
        let data: unknown = text;
        if ((options.dataType ?? 'json') === 'json') {
          try {
            data = JSON.parse(text);
          } catch {
            // WeChat hands over the raw text when the reply is not JSON.
          }
        }
        return {
          data,
          statusCode: response.status,
          header: Object.fromEntries(response.headers.entries()),
          cookies: [],
        };
      } catch (error) {
        const reason = controller.signal.aborted ? controller.signal.reason : error;
        throw reason instanceof WxFail ? reason : new WxFail(String((reason as Error)?.message ?? reason));
      } finally {
        clearTimeout(timer);
      }
    };
    void run().then(
      (result) => {
        Object.assign(record, { statusCode: result.statusCode });
        const reply = toRealm({ ...result, errMsg: 'request:ok' });
        options.success?.(reply);
        options.complete?.(reply);
      },
      (error: WxFail) => {
        const errMsg = `request:fail ${error.reason ?? error.message}`;
        Object.assign(record, { failed: errMsg });
        const reply = toRealm({ errMsg });
        options.fail?.(reply);
        options.complete?.(reply);
      },
    );
    // The RequestTask: abort() fails the request with `request:fail abort`, as on a phone.
    return { abort: () => controller.abort(new WxFail('abort')) };
  };
}
