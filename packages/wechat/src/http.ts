import { WechatApiError, WechatHttpError } from './errors.js';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface HttpContext {
  fetch: FetchLike;
  timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface JsonRequest {
  /** API name used in errors and logs, e.g. `cgi-bin/stable_token`; never the URL (it may carry secrets). */
  api: string;
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
}

/** Sends a JSON request and returns the parsed JSON of a 200 answer; any other outcome is a WechatHttpError. */
export async function requestJson(http: HttpContext, req: JsonRequest): Promise<unknown> {
  let response: Response;
  try {
    response = await http.fetch(req.url, {
      method: req.method,
      headers: req.body === undefined ? { accept: 'application/json' } : jsonHeaders,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(http.timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new WechatHttpError(
      req.api,
      undefined,
      timedOut ? `timed out after ${http.timeoutMs} ms` : 'network error',
      {
        cause: err,
      },
    );
  }
  const text = await response.text();
  if (response.status !== 200) {
    throw new WechatHttpError(req.api, response.status, `HTTP ${response.status}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new WechatHttpError(req.api, response.status, 'answer is not JSON', { cause: err });
  }
}

const jsonHeaders = { accept: 'application/json', 'content-type': 'application/json' };

/** WeChat reports errors with HTTP 200 and a non-zero errcode: turn those into a WechatApiError. */
export function checkErrcode<T extends object>(api: string, json: unknown): T {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new WechatHttpError(api, 200, 'answer is not a JSON object');
  }
  const { errcode, errmsg } = json as { errcode?: unknown; errmsg?: unknown };
  if (errcode !== undefined && errcode !== 0) {
    const code = typeof errcode === 'number' ? errcode : Number(errcode);
    throw new WechatApiError(
      api,
      Number.isFinite(code) ? code : -1,
      typeof errmsg === 'string' ? errmsg : '',
    );
  }
  return json as T;
}

/** Reads a required string field of a WeChat answer. */
export function requireString(api: string, json: object, field: string): string {
  const value = (json as Record<string, unknown>)[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new WechatHttpError(api, 200, `answer has no ${field}`);
  }
  return value;
}
