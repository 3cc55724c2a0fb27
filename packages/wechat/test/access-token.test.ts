import { afterEach, describe, expect, it } from 'vitest';
import { createAccessTokenProvider } from '../src/access-token.js';
import { WechatApiError, WechatHttpError } from '../src/errors.js';
import { MemoryTokenStore } from '../src/token-store.js';
import { type FakeWechat, startFakeWechat } from './helpers/fake-wechat.js';

let wechat: FakeWechat | undefined;
afterEach(async () => {
  await wechat?.close();
  wechat = undefined;
});

const credentials = { appid: 'wx1234567890abcdef', secret: 's3cret' };

describe('access token provider', () => {
  it('asks stable_token with force_refresh false by default', async () => {
    wechat = await startFakeWechat();
    const provider = createAccessTokenProvider({ ...credentials, apiBase: wechat.baseUrl });
    await expect(provider.getToken()).resolves.toBe('tok-1');
    const [request] = wechat.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url.pathname).toBe('/cgi-bin/stable_token');
    expect(JSON.parse(request?.body ?? '{}')).toEqual({
      grant_type: 'client_credential',
      appid: credentials.appid,
      secret: credentials.secret,
      force_refresh: false,
    });
  });

  it('uses the classic cgi-bin/token when asked', async () => {
    wechat = await startFakeWechat();
    const provider = createAccessTokenProvider({ ...credentials, apiBase: wechat.baseUrl, mode: 'classic' });
    await provider.getToken();
    const [request] = wechat.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url.pathname).toBe('/cgi-bin/token');
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({
      grant_type: 'client_credential',
      appid: credentials.appid,
      secret: credentials.secret,
    });
  });

  it('makes one request for many concurrent callers', async () => {
    wechat = await startFakeWechat({ tokenDelayMs: 30 });
    const provider = createAccessTokenProvider({ ...credentials, apiBase: wechat.baseUrl });
    const tokens = await Promise.all(Array.from({ length: 25 }, () => provider.getToken()));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(wechat.tokenFetches()).toBe(1);
  });

  it('serves the cached token, then refreshes 5 minutes ahead of expiry', async () => {
    wechat = await startFakeWechat({ expiresIn: 7200 });
    let now = 1_000_000;
    const provider = createAccessTokenProvider({ ...credentials, apiBase: wechat.baseUrl, now: () => now });
    await expect(provider.getToken()).resolves.toBe('tok-1');
    now += (7200 - 301) * 1000;
    await expect(provider.getToken()).resolves.toBe('tok-1');
    expect(wechat.tokenFetches()).toBe(1);
    now += 2000; // now inside the 5-minute margin
    await expect(provider.getToken()).resolves.toBe('tok-2');
    expect(wechat.tokenFetches()).toBe(2);
  });

  it('fetches a stable token once in its last 5 minutes, even when asked for a wider margin', async () => {
    // Like getStableAccessToken: the same token until its last 5 minutes, then a new one.
    let now = 1_000_000;
    let current = { token: 'tok-1', expiresAt: now + 7200_000 };
    let fetches = 0;
    wechat = await startFakeWechat({
      tokenAnswer: () => {
        fetches++;
        if (current.expiresAt - now <= 300_000)
          current = { token: `tok-${fetches}`, expiresAt: now + 7200_000 };
        return {
          body: { access_token: current.token, expires_in: Math.floor((current.expiresAt - now) / 1000) },
        };
      },
    });
    const provider = createAccessTokenProvider({
      ...credentials,
      apiBase: wechat.baseUrl,
      refreshMarginMs: 10 * 60_000,
      now: () => now,
    });
    await expect(provider.getToken()).resolves.toBe('tok-1');
    for (const left of [590, 400, 301]) {
      now = current.expiresAt - left * 1000;
      await expect(provider.getToken()).resolves.toBe('tok-1');
    }
    expect(fetches).toBe(1);
    now = current.expiresAt - 299_000;
    const renewed = await provider.getToken();
    expect(renewed).not.toBe('tok-1');
    now += 200_000;
    await expect(provider.getToken()).resolves.toBe(renewed);
    expect(fetches).toBe(2);
  });

  it('invalidates only the failing token', async () => {
    wechat = await startFakeWechat();
    const store = new MemoryTokenStore();
    const provider = createAccessTokenProvider({ ...credentials, apiBase: wechat.baseUrl, store });
    await provider.getToken();
    await provider.invalidate('tok-0-replaced-long-ago');
    expect((await store.get(credentials.appid))?.token).toBe('tok-1');
    await provider.invalidate('tok-1');
    expect(await store.get(credentials.appid)).toBeNull();
    await expect(provider.getToken()).resolves.toBe('tok-2');
  });

  it('lets two providers sharing a store and its lock fetch once', async () => {
    wechat = await startFakeWechat({ tokenDelayMs: 30 });
    const store = new MemoryTokenStore();
    const a = createAccessTokenProvider({ ...credentials, apiBase: wechat.baseUrl, store });
    const b = createAccessTokenProvider({ ...credentials, apiBase: wechat.baseUrl, store });
    const tokens = await Promise.all([a.getToken(), b.getToken(), a.getToken(), b.getToken()]);
    expect(tokens).toEqual(['tok-1', 'tok-1', 'tok-1', 'tok-1']);
    expect(wechat.tokenFetches()).toBe(1);
  });

  it('reports an errcode answer as WechatApiError naming the API', async () => {
    wechat = await startFakeWechat({
      tokenAnswer: () => ({ body: { errcode: 40125, errmsg: 'invalid appsecret' } }),
    });
    const provider = createAccessTokenProvider({ ...credentials, apiBase: wechat.baseUrl });
    const error = await provider.getToken().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({
      api: 'cgi-bin/stable_token',
      errcode: 40125,
      kind: 'fatal',
      retryable: false,
    });
    expect(String((error as Error).message)).not.toContain(credentials.secret);
  });

  it('reports a 5xx and a timeout as retryable WechatHttpError, and recovers afterwards', async () => {
    let fail: 'status' | 'slow' | undefined = 'status';
    wechat = await startFakeWechat({
      tokenAnswer: () =>
        fail === 'status'
          ? { status: 502, body: 'bad gateway' }
          : fail === 'slow'
            ? { body: { access_token: 'late', expires_in: 7200 }, delayMs: 3000 }
            : undefined,
    });
    // A timeout a loaded machine's prompt 502 never reaches, and a slow answer that always does.
    const provider = createAccessTokenProvider({ ...credentials, apiBase: wechat.baseUrl, timeoutMs: 1000 });
    await expect(provider.getToken()).rejects.toMatchObject({
      name: 'WechatHttpError',
      status: 502,
      retryable: true,
    });
    fail = 'slow';
    const timeout = await provider.getToken().catch((err: unknown) => err);
    expect(timeout).toBeInstanceOf(WechatHttpError);
    expect(timeout).toMatchObject({ status: undefined, retryable: true });
    fail = undefined;
    await expect(provider.getToken()).resolves.toBe('tok-1');
  });
});

describe('MemoryTokenStore.withLock', () => {
  it('runs critical sections one at a time per appid and survives a failing one', async () => {
    const store = new MemoryTokenStore();
    const order: string[] = [];
    const section = (name: string, ms: number, fail = false) =>
      store.withLock('wx1', async () => {
        order.push(`${name}:start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        order.push(`${name}:end`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([section('a', 20, true), section('b', 5), section('c', 1)]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });
});
