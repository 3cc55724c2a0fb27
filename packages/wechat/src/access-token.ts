import {
  checkErrcode,
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  type HttpContext,
  requestJson,
  requireString,
} from './http.js';
import { MemoryTokenStore, type StoredToken, type TokenStore } from './token-store.js';

export interface AccessTokenProvider {
  getToken(): Promise<string>;
  /** Drops the stored token if it is still `failing`; a token another process already replaced stays. */
  invalidate(failing: string): Promise<void>;
}

export interface AccessTokenOptions {
  appid: string;
  secret: string;
  apiBase: string;
  /** `stable` (default) uses cgi-bin/stable_token, which does not knock out tokens other environments hold. */
  mode?: 'stable' | 'classic';
  store?: TokenStore;
  /** Refresh this long before expiry (default 5 minutes; at most 5 minutes in `stable` mode). */
  refreshMarginMs?: number;
  fetch?: FetchLike;
  now?: () => number;
  timeoutMs?: number;
}

const DEFAULT_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/**
 * getStableAccessToken renews only in the token's last 5 minutes ("平台会提前5分钟更新access_token");
 * asking earlier returns the same token, so a wider margin would re-fetch it on every call.
 */
const STABLE_RENEW_WINDOW_MS = 5 * 60 * 1000;

export function createAccessTokenProvider(options: AccessTokenOptions): AccessTokenProvider {
  const { appid, secret } = options;
  const apiBase = options.apiBase.replace(/\/+$/, '');
  const mode = options.mode ?? 'stable';
  const store = options.store ?? new MemoryTokenStore();
  const wanted = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const margin = mode === 'stable' ? Math.min(wanted, STABLE_RENEW_WINDOW_MS) : wanted;
  const now = options.now ?? Date.now;
  const http: HttpContext = {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  // One refresh in flight per provider: concurrent callers in this process share it.
  let inflight: Promise<string> | null = null;

  const isFresh = (stored: StoredToken | null): stored is StoredToken =>
    stored !== null && stored.expiresAt - margin > now();

  async function fetchToken(): Promise<StoredToken> {
    const api = mode === 'stable' ? 'cgi-bin/stable_token' : 'cgi-bin/token';
    const json =
      mode === 'stable'
        ? await requestJson(http, {
            api,
            url: `${apiBase}/cgi-bin/stable_token`,
            method: 'POST',
            body: { grant_type: 'client_credential', appid, secret, force_refresh: false },
          })
        : await requestJson(http, {
            api,
            url: `${apiBase}/cgi-bin/token?${new URLSearchParams({ grant_type: 'client_credential', appid, secret })}`,
            method: 'GET',
          });
    const answer = checkErrcode<{ access_token?: unknown; expires_in?: unknown }>(api, json);
    const token = requireString(api, answer, 'access_token');
    const expiresIn =
      typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : 7200;
    return { token, expiresAt: now() + expiresIn * 1000 };
  }

  async function refresh(): Promise<string> {
    return store.withLock(appid, async () => {
      // Another process may have refreshed while this one waited for the lock.
      const current = await store.get(appid);
      if (isFresh(current)) return current.token;
      const fetched = await fetchToken();
      await store.set(appid, fetched);
      return fetched.token;
    });
  }

  return {
    async getToken() {
      const stored = await store.get(appid);
      if (isFresh(stored)) return stored.token;
      if (!inflight) {
        inflight = refresh().finally(() => {
          inflight = null;
        });
      }
      return inflight;
    },
    async invalidate(failing) {
      await store.delete(appid, failing);
    },
  };
}
