import { type Answer, type LocalServer, type ReceivedRequest, startLocalServer } from './local-server.js';

export interface FakeWechat extends LocalServer {
  /** Tokens handed out so far, oldest first. */
  issued: string[];
  /** Calls to the token endpoints. */
  tokenFetches(): number;
  /** Calls to other endpoints. */
  apiCalls(): ReceivedRequest[];
}

export interface FakeWechatOptions {
  expiresIn?: number;
  tokenDelayMs?: number;
  /** Answer for a token fetch, instead of issuing a token. */
  tokenAnswer?: () => Answer | undefined;
  /** Answer for API calls; `current` is the latest issued token. */
  api?: (req: ReceivedRequest, current: string | undefined) => Answer;
}

/** Just enough of WeChat to test the SDK: token endpoints that issue tok-1, tok-2, ... and a pluggable API. */
export async function startFakeWechat(options: FakeWechatOptions = {}): Promise<FakeWechat> {
  const issued: string[] = [];
  const isTokenPath = (path: string) => path === '/cgi-bin/token' || path === '/cgi-bin/stable_token';
  const server = await startLocalServer((req) => {
    if (isTokenPath(req.url.pathname)) {
      const override = options.tokenAnswer?.();
      if (override) return override;
      const token = `tok-${issued.length + 1}`;
      issued.push(token);
      return {
        body: { access_token: token, expires_in: options.expiresIn ?? 7200 },
        delayMs: options.tokenDelayMs,
      };
    }
    return options.api?.(req, issued.at(-1)) ?? { body: { errcode: 0, errmsg: 'ok' } };
  });
  return {
    ...server,
    issued,
    tokenFetches: () => server.requests.filter((r) => isTokenPath(r.url.pathname)).length,
    apiCalls: () => server.requests.filter((r) => !isTokenPath(r.url.pathname)),
  };
}
