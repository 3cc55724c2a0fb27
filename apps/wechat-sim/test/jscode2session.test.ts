import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSim, startSim, testKeys } from './helpers.js';

let sim: RunningSim;
afterEach(async () => sim?.close());

type Session = { openid?: string; session_key?: string; unionid?: string; errcode?: number };
const login = (s: RunningSim, code: string, appid = s.appid, secret = s.secret) =>
  s.get<Session>(
    `/sns/jscode2session?appid=${appid}&secret=${secret}&js_code=${code}&grant_type=authorization_code`,
  );

describe('GET /sns/jscode2session', () => {
  it('trades a fresh code for the openid and a session_key', async () => {
    sim = await startSim();
    const { code, openid } = await sim.post<{ code: string; openid: string }>('/sim/login-codes', {});
    const session = await login(sim, code);
    expect(session.openid).toBe(openid);
    expect(Buffer.from(session.session_key!, 'base64')).toHaveLength(16);
    expect(session).not.toHaveProperty('unionid');
  });

  it('returns the unionid of a user who has one', async () => {
    sim = await startSim();
    await sim.post('/sim/users', { openid: 'o-with-union', unionid: 'union-1' });
    const { code } = await sim.post<{ code: string }>('/sim/login-codes', { openid: 'o-with-union' });
    expect(await login(sim, code)).toMatchObject({ openid: 'o-with-union', unionid: 'union-1' });
  });

  it('accepts a code once (40163 the second time)', async () => {
    sim = await startSim();
    const { code } = await sim.post<{ code: string }>('/sim/login-codes', {});
    expect((await login(sim, code)).openid).toBeDefined();
    expect((await login(sim, code)).errcode).toBe(40163);
  });

  it('refuses unknown codes and codes older than 5 minutes with 40029', async () => {
    sim = await startSim();
    expect((await login(sim, 'never-issued')).errcode).toBe(40029);
    const { code } = await sim.post<{ code: string }>('/sim/login-codes', {});
    await sim.post('/sim/clock/advance', { seconds: 300 });
    expect((await login(sim, code)).errcode).toBe(40029);
  });

  it('refuses a code minted for another app with 40029', async () => {
    const keys = testKeys();
    sim = await startSim({ apps: [...keys.apps, { appid: 'wx0000000000second', secret: 's2' }] });
    const { code } = await sim.post<{ code: string }>('/sim/login-codes', { appid: 'wx0000000000second' });
    expect((await login(sim, code)).errcode).toBe(40029);
    expect((await login(sim, code, 'wx0000000000second', 's2')).openid).toBeDefined();
  });

  it('checks appid, secret, grant_type and js_code', async () => {
    sim = await startSim();
    expect((await login(sim, 'c', sim.appid, 'wrong')).errcode).toBe(40125);
    expect((await login(sim, 'c', 'wxnobody')).errcode).toBe(40013);
    expect(
      (
        await sim.get<Session>(
          `/sns/jscode2session?appid=${sim.appid}&secret=${sim.secret}&grant_type=authorization_code`,
        )
      ).errcode,
    ).toBe(41008);
    expect(
      (
        await sim.get<Session>(
          `/sns/jscode2session?appid=${sim.appid}&secret=${sim.secret}&js_code=c&grant_type=x`,
        )
      ).errcode,
    ).toBe(40002);
  });

  it('limits each user to 100 logins a minute (45011), without spending the code', async () => {
    sim = await startSim();
    const mint = async (openid: string) =>
      (await sim.post<{ code: string }>('/sim/login-codes', { openid })).code;
    for (let i = 0; i < 100; i++) expect((await login(sim, await mint('o-busy'))).openid).toBe('o-busy');
    const limited = await mint('o-busy');
    expect((await login(sim, limited)).errcode).toBe(45011);
    // Another user of the same app is not affected, and the next minute the same code works.
    expect((await login(sim, await mint('o-calm'))).openid).toBe('o-calm');
    await sim.post('/sim/clock/advance', { seconds: 60 });
    expect((await login(sim, limited)).openid).toBe('o-busy');
  });
});
