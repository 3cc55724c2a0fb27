import { createAccessTokenProvider } from '@checkout/wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbTokenStore } from '../../src/core/db-token-store.js';
import { buildTestApp, DATABASES, type TestApp } from '../helper.js';

describe.each(DATABASES)('DbTokenStore on %s', (flavour) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(flavour, { notices: { worker: false } });
  });
  afterAll(() => t.close());

  /** A token endpoint that is slow, so concurrent refreshes really overlap. */
  function countingFetch() {
    const counter = { calls: 0 };
    const fetch = async () => {
      counter.calls++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return new Response(JSON.stringify({ access_token: `token-${counter.calls}`, expires_in: 7200 }), {
        status: 200,
      });
    };
    return { counter, fetch };
  }

  it('two providers (as two instances) refreshing at once fetch one token and share it', async () => {
    const { counter, fetch } = countingFetch();
    const providers = [new DbTokenStore(t.app.db), new DbTokenStore(t.app.db)].map((store) =>
      createAccessTokenProvider({
        appid: 'wx-lock-test',
        secret: 's',
        apiBase: 'http://wechat.test',
        store,
        fetch,
      }),
    );
    const tokens = await Promise.all(providers.flatMap((p) => [p.getToken(), p.getToken(), p.getToken()]));
    expect(counter.calls).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    const row = await t.app.db
      .selectFrom('wechat_tokens')
      .selectAll()
      .where('appid', '=', 'wx-lock-test')
      .executeTakeFirstOrThrow();
    expect(row.token).toBe('token-1');
    expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 7000_000);
  });

  it('invalidating drops the token only if it is still the failing one', async () => {
    const store = new DbTokenStore(t.app.db);
    await store.set('wx-invalidate', { token: 'new', expiresAt: Date.now() + 60_000 });
    await store.delete('wx-invalidate', 'old');
    expect((await store.get('wx-invalidate'))?.token).toBe('new');
    await store.delete('wx-invalidate', 'new');
    expect(await store.get('wx-invalidate')).toBeNull();
  });
});
