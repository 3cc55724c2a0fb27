import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSim, startSim } from './helpers.js';

let sim: RunningSim;
afterEach(async () => sim?.close());

const classic = (s: RunningSim, appid = s.appid, secret = s.secret, grant = 'client_credential') =>
  s.get<{ access_token?: string; expires_in?: number; errcode?: number }>(
    `/cgi-bin/token?grant_type=${grant}&appid=${appid}&secret=${secret}`,
  );
const stable = (s: RunningSim, force_refresh?: boolean) =>
  s.post<{ access_token?: string; expires_in?: number; errcode?: number }>('/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid: s.appid,
    secret: s.secret,
    ...(force_refresh === undefined ? {} : { force_refresh }),
  });
/** A token-protected call whose errcode tells whether the token is accepted (40003: past the token check). */
const probe = async (s: RunningSim, token?: string) =>
  (
    await s.post<{ errcode: number }>(
      `/cgi-bin/message/subscribe/send${token === undefined ? '' : `?access_token=${token}`}`,
      { touser: 'nobody' },
    )
  ).errcode;

describe('GET /cgi-bin/token', () => {
  it('issues a token valid for 7200 s without errcode, like WeChat', async () => {
    sim = await startSim();
    const res = await classic(sim);
    expect(res.expires_in).toBe(7200);
    expect(res.access_token).toMatch(/^\d\d_[A-Za-z0-9]{134}$/);
    expect(res).not.toHaveProperty('errcode');
    expect(await probe(sim, res.access_token)).toBe(40003);
  });

  it('answers bad credentials with HTTP 200 and the errcode', async () => {
    sim = await startSim();
    const res = await fetch(
      `${sim.base}/cgi-bin/token?grant_type=client_credential&appid=${sim.appid}&secret=nope`,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { errcode: number }).errcode).toBe(40125);
    expect((await classic(sim, 'wxunknown')).errcode).toBe(40013);
    expect((await classic(sim, sim.appid, sim.secret, 'password')).errcode).toBe(40002);
    expect((await sim.get<{ errcode: number }>('/cgi-bin/token?grant_type=client_credential')).errcode).toBe(
      41002,
    );
  });

  it('keeps the previous token working for the grace period after rotation, then answers 40001', async () => {
    sim = await startSim();
    const first = (await classic(sim)).access_token!;
    const second = (await classic(sim)).access_token!;
    expect(second).not.toBe(first);
    await sim.post('/sim/clock/advance', { seconds: 299 });
    expect(await probe(sim, first)).toBe(40003);
    await sim.post('/sim/clock/advance', { seconds: 2 });
    expect(await probe(sim, first)).toBe(40001);
    expect(await probe(sim, second)).toBe(40003);
  });

  it('honours a custom grace period', async () => {
    sim = await startSim({ tokenGraceMs: 10_000 });
    const first = (await classic(sim)).access_token!;
    await classic(sim);
    await sim.post('/sim/clock/advance', { seconds: 11 });
    expect(await probe(sim, first)).toBe(40001);
  });

  it('expires a token after 7200 s of virtual time with 42001', async () => {
    sim = await startSim();
    const token = (await classic(sim)).access_token!;
    await sim.post('/sim/clock/advance', { seconds: 7199 });
    expect(await probe(sim, token)).toBe(40003);
    await sim.post('/sim/clock/advance', { seconds: 1 });
    expect(await probe(sim, token)).toBe(42001);
  });

  it('answers 41001 without a token and 40001 for a made-up one', async () => {
    sim = await startSim();
    expect(await probe(sim)).toBe(41001);
    expect(await probe(sim, 'made-up')).toBe(40001);
  });

  it('counts a daily quota and answers 45009 until the next China day', async () => {
    sim = await startSim({ dailyQuota: { token: 2 } });
    expect((await classic(sim)).access_token).toBeDefined();
    expect((await classic(sim)).access_token).toBeDefined();
    expect((await classic(sim)).errcode).toBe(45009);
    const stats = await sim.get<{ quotaUsedToday: Record<string, { token: number }> }>('/sim/stats');
    expect(stats.quotaUsedToday[sim.appid]!.token).toBe(2);
    await sim.post('/sim/clock/advance', { seconds: 86_400 });
    expect((await classic(sim)).access_token).toBeDefined();
  });

  it('limits calls per minute with 45011', async () => {
    sim = await startSim({ rateLimitPerMinute: { token: 2 } });
    await classic(sim);
    await classic(sim);
    expect((await classic(sim)).errcode).toBe(45011);
    await sim.post('/sim/clock/advance', { seconds: 60 });
    expect((await classic(sim)).access_token).toBeDefined();
  });

  it('revokes every token of an app at once', async () => {
    sim = await startSim();
    const a = (await classic(sim)).access_token!;
    const b = (await stable(sim)).access_token!;
    expect(await sim.post('/sim/tokens/revoke', { appid: sim.appid })).toEqual({ revoked: 2 });
    expect(await probe(sim, a)).toBe(40001);
    expect(await probe(sim, b)).toBe(40001);
    expect((await stable(sim)).access_token).not.toBe(b);
  });
});

describe('POST /cgi-bin/stable_token', () => {
  it('returns the same token while it is valid, with the remaining lifetime', async () => {
    sim = await startSim();
    const first = await stable(sim);
    await sim.post('/sim/clock/advance', { seconds: 100 });
    const again = await stable(sim, false);
    expect(again.access_token).toBe(first.access_token);
    // Real milliseconds pass between the calls too, so the remainder may round down by a second.
    expect(again.expires_in).toBeGreaterThanOrEqual(7098);
    expect(again.expires_in).toBeLessThanOrEqual(7100);
  });

  it('rotates on force_refresh, keeping the old token for the grace period', async () => {
    sim = await startSim();
    const first = (await stable(sim)).access_token!;
    const forced = (await stable(sim, true)).access_token!;
    expect(forced).not.toBe(first);
    expect((await stable(sim)).access_token).toBe(forced);
    expect(await probe(sim, first)).toBe(40003);
    await sim.post('/sim/clock/advance', { seconds: 301 });
    expect(await probe(sim, first)).toBe(40001);
  });

  it('hands out a new token in the last 5 minutes, the old one working until it expires', async () => {
    sim = await startSim();
    const first = (await stable(sim)).access_token!;
    await sim.post('/sim/clock/advance', { seconds: 7200 - 301 });
    expect((await stable(sim)).access_token).toBe(first);
    await sim.post('/sim/clock/advance', { seconds: 2 });
    const renewed = await stable(sim);
    expect(renewed.access_token).not.toBe(first);
    expect(renewed.expires_in).toBe(7200);
    expect((await stable(sim)).access_token).toBe(renewed.access_token);
    await sim.post('/sim/clock/advance', { seconds: 290 });
    expect(await probe(sim, first)).toBe(40003);
    await sim.post('/sim/clock/advance', { seconds: 10 });
    expect(await probe(sim, first)).toBe(42001);
    expect(await probe(sim, renewed.access_token)).toBe(40003);
  });

  it('allows force_refresh 30 s apart (45011 sooner) and 20 times a China day (45009 after)', async () => {
    sim = await startSim();
    // Start one minute into a China day, so the 20 refreshes 30 s apart never cross midnight (UTC+8).
    const { epochMs } = await sim.get<{ epochMs: number }>('/sim/clock');
    const intoChinaDayMs = (epochMs + 8 * 3_600_000) % 86_400_000;
    await sim.post('/sim/clock/advance', { seconds: Math.ceil((86_400_000 - intoChinaDayMs) / 1000) + 60 });
    expect((await stable(sim, true)).access_token).toBeDefined();
    expect((await stable(sim, true)).errcode).toBe(45011);
    for (let i = 1; i < 20; i++) {
      await sim.post('/sim/clock/advance', { seconds: 30 });
      expect((await stable(sim, true)).access_token).toBeDefined();
    }
    await sim.post('/sim/clock/advance', { seconds: 30 });
    const refused = await stable(sim, true);
    expect(refused.errcode).toBe(45009);
    // Normal mode still answers, and the count starts again on the next China day.
    expect((await stable(sim)).access_token).toBeDefined();
    await sim.post('/sim/clock/advance', { seconds: 86_400 });
    expect((await stable(sim, true)).access_token).toBeDefined();
  });

  it('is isolated from the classic token: fetching one does not rotate the other', async () => {
    sim = await startSim();
    const stableToken = (await stable(sim)).access_token!;
    await classic(sim);
    await classic(sim);
    await sim.post('/sim/clock/advance', { seconds: 400 });
    expect(await probe(sim, stableToken)).toBe(40003);
  });

  it('issues a fresh token once the old one expired', async () => {
    sim = await startSim();
    const first = (await stable(sim)).access_token!;
    await sim.post('/sim/clock/advance', { seconds: 7200 });
    const next = await stable(sim);
    expect(next.access_token).not.toBe(first);
    expect(next.expires_in).toBe(7200);
  });

  it('answers empty and malformed bodies the WeChat way', async () => {
    sim = await startSim();
    expect(
      ((await (await sim.postRaw('/cgi-bin/stable_token', undefined)).json()) as { errcode: number }).errcode,
    ).toBe(44002);
    const bad = await fetch(`${sim.base}/cgi-bin/stable_token`, { method: 'POST', body: '{"grant_type":' });
    expect(((await bad.json()) as { errcode: number }).errcode).toBe(47001);
    const wrongSecret = await sim.post<{ errcode: number }>('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: sim.appid,
      secret: 'x',
    });
    expect(wrongSecret.errcode).toBe(40125);
  });

  it('counts token fetches per appid in /sim/stats', async () => {
    sim = await startSim();
    await stable(sim);
    await stable(sim);
    await classic(sim);
    await classic(sim, sim.appid, 'wrong');
    const stats = await sim.get<{ tokenFetches: Record<string, unknown>; calls: Record<string, number> }>(
      '/sim/stats',
    );
    expect(stats.tokenFetches[sim.appid]).toEqual({ token: 1, stable_token: 2, total: 3 });
    expect(stats.calls).toMatchObject({ token: 2, stable_token: 2 });
  });
});
