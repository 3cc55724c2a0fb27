import { DEMO_TEMPLATE_IDS } from '@checkout/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { BffEnv } from '../src/app.js';
import { newUser, type RunningSim, startSim, testKeys, tokenFor } from './helpers.js';

let sim: RunningSim;
afterEach(async () => sim?.close());

const classicToken = (s: RunningSim) =>
  s.get<{ access_token?: string; errcode?: number }>(
    `/cgi-bin/token?grant_type=client_credential&appid=${s.appid}&secret=${s.secret}`,
  );

describe('/sim users, codes, formIds, subscriptions', () => {
  it('creates users with a generated or given openid', async () => {
    sim = await startSim();
    expect((await sim.post<{ openid: string }>('/sim/users', {})).openid).toMatch(/^o[\w-]{27}$/);
    expect(await sim.post('/sim/users', { openid: 'o-given' })).toEqual({
      openid: 'o-given',
      appid: sim.appid,
    });
  });

  it('keeps an openid to its app: another app reusing it is a conflict', async () => {
    const other = { appid: 'wx00000000000other', secret: 'other-secret' };
    sim = await startSim({ apps: [...testKeys().apps, other] });
    await sim.post('/sim/users', { openid: 'o-mine' });
    const clash = await sim.postRaw('/sim/users', { openid: 'o-mine', appid: other.appid });
    expect(clash.status).toBe(409);
    expect(((await clash.json()) as { message: string }).message).toContain(sim.appid);
    const formIds = await sim.postRaw('/sim/form-ids', { openid: 'o-mine', appid: other.appid });
    expect(formIds.status).toBe(404);
  });

  it('names the problem in a 4xx for bad input', async () => {
    sim = await startSim();
    const noOpenid = await sim.postRaw('/sim/form-ids', {});
    expect(noOpenid.status).toBe(400);
    expect(await noOpenid.json()).toMatchObject({
      error: 'Bad Request',
      message: expect.stringContaining('openid'),
    });
    const stranger = await sim.postRaw('/sim/form-ids', { openid: 'o-stranger' });
    expect(stranger.status).toBe(404);
    await sim.post('/sim/users', { openid: 'o-known' });
    const unknownTemplate = await sim.postRaw('/sim/subscriptions', {
      openid: 'o-known',
      templateIds: ['tpl-x'],
    });
    expect(unknownTemplate.status).toBe(400);
    expect(((await unknownTemplate.json()) as { message: string }).message).toContain('tpl-x');
    expect((await sim.postRaw('/sim/login-codes', { appid: 'wx-none' })).status).toBe(400);
    const badJson = await fetch(`${sim.base}/sim/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(badJson.status).toBe(400);
  });

  it('accepts form-encoded bodies like a plain HTML form would send', async () => {
    sim = await startSim();
    const res = await fetch(`${sim.base}/sim/login-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'openid=o-form',
    });
    expect(await res.json()).toMatchObject({ openid: 'o-form', code: expect.any(String) });
  });

  it('mints several formIds at once', async () => {
    sim = await startSim();
    const openid = await newUser(sim);
    const { formIds } = await sim.post<{ formIds: string[] }>('/sim/form-ids', { openid, count: 3 });
    expect(new Set(formIds).size).toBe(3);
    expect(
      await sim.post('/sim/subscriptions', {
        openid,
        templateIds: [DEMO_TEMPLATE_IDS.subscribe.pay_success],
      }),
    ).toEqual({
      accepted: [DEMO_TEMPLATE_IDS.subscribe.pay_success],
    });
  });
});

describe('/sim/clock', () => {
  it('advances the virtual clock', async () => {
    sim = await startSim();
    const before = await sim.get<{ epochMs: number }>('/sim/clock');
    const after = await sim.post<{ epochMs: number; now: string }>('/sim/clock/advance', { seconds: 3600 });
    expect(after.epochMs - before.epochMs).toBeGreaterThanOrEqual(3600_000);
    expect(after.epochMs - before.epochMs).toBeLessThan(3605_000);
    expect(new Date(after.now).getTime()).toBe(after.epochMs);
    expect((await sim.postRaw('/sim/clock/advance', { seconds: -5 })).status).toBe(400);
  });
});

describe('/sim/faults', () => {
  it('answers the next N calls with an errcode, then behaves again', async () => {
    sim = await startSim();
    await sim.post('/sim/faults', { endpoint: 'token', errcode: -1, count: 2 });
    expect((await classicToken(sim)).errcode).toBe(-1);
    expect((await classicToken(sim)).errcode).toBe(-1);
    expect((await classicToken(sim)).access_token).toBeDefined();
  });

  it('answers with a 5xx status', async () => {
    sim = await startSim();
    await sim.post('/sim/faults', { endpoint: 'jscode2session', status: 503 });
    const res = await fetch(`${sim.base}/sns/jscode2session?appid=x`);
    expect(res.status).toBe(503);
  });

  it('delays a call and still answers it', async () => {
    sim = await startSim();
    await sim.post('/sim/faults', { endpoint: 'stable_token', delayMs: 150 });
    const started = Date.now();
    const res = await sim.post<{ access_token?: string }>('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: sim.appid,
      secret: sim.secret,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.access_token).toBeDefined();
  });

  it('applies to token-protected sends and can be cleared', async () => {
    sim = await startSim();
    const token = await tokenFor(sim);
    await sim.post('/sim/faults', { endpoint: 'template_send', errcode: 45011, count: 5 });
    await sim.post('/sim/faults', { endpoint: 'subscribe_send', errcode: -1 });
    const send = (path: string) =>
      sim.post<{ errcode: number }>(`${path}?access_token=${token}`, { touser: 'x' });
    expect((await send('/cgi-bin/message/wxopen/template/send')).errcode).toBe(45011);
    expect((await send('/cgi-bin/message/subscribe/send')).errcode).toBe(-1);
    expect(await sim.get('/sim/faults')).toMatchObject({
      pending: { template_send: [{ errcode: 45011, remaining: 4 }] },
    });
    await fetch(`${sim.base}/sim/faults`, { method: 'DELETE' });
    expect((await send('/cgi-bin/message/wxopen/template/send')).errcode).toBe(40003);
  });

  it('refuses an unknown endpoint or an empty fault', async () => {
    sim = await startSim();
    expect((await sim.postRaw('/sim/faults', { endpoint: 'nope', errcode: 1 })).status).toBe(400);
    expect((await sim.postRaw('/sim/faults', { endpoint: 'token' })).status).toBe(400);
  });
});

describe('/sim/stats and /sim/reset', () => {
  it('counts calls per endpoint and forgets everything on reset', async () => {
    sim = await startSim();
    const openid = await newUser(sim);
    await tokenFor(sim);
    await fetch(`${sim.base}/sns/jscode2session`);
    const stats = await sim.get<{ calls: Record<string, number> }>('/sim/stats');
    expect(stats.calls).toMatchObject({ token: 1, jscode2session: 1 });
    await sim.post('/sim/clock/advance', { seconds: 1000 });
    expect(await sim.post('/sim/reset')).toEqual({ reset: true });
    expect((await sim.get<{ calls: Record<string, number> }>('/sim/stats')).calls).toEqual({});
    expect((await sim.postRaw('/sim/form-ids', { openid })).status).toBe(404);
    const clock = await sim.get<{ epochMs: number }>('/sim/clock');
    expect(Math.abs(clock.epochMs - Date.now())).toBeLessThan(5000);
  });
});

describe('GET /sim/config', () => {
  it('returns the BFF settings with PEMs inline and this emulator as both API bases', async () => {
    sim = await startSim();
    const env = await sim.get<BffEnv>('/sim/config');
    expect(env).toMatchObject({
      WECHAT_API_BASE: sim.base,
      WECHATPAY_API_BASE: sim.base,
      WECHAT_APPID: sim.appid,
      WECHAT_SECRET: sim.secret,
      WECHATPAY_MCHID: sim.keys.merchant.mchid,
      WECHATPAY_SERIAL: sim.keys.merchant.serialNo,
      WECHATPAY_PRIVATE_KEY: sim.keys.merchant.privateKey,
      WECHATPAY_APIV3_KEY: sim.keys.apiV3Key,
      WECHATPAY_PLATFORM_SERIAL: sim.keys.platform.serial,
      WECHAT_PUSH_TOKEN: sim.keys.push[sim.appid]!.token,
      WECHAT_PUSH_AES_KEY: sim.keys.push[sim.appid]!.encodingAESKey,
      NOTICE_PAY_SUCCESS_TEMPLATE_ID: DEMO_TEMPLATE_IDS.template.pay_success,
      NOTICE_SHIPPED_TEMPLATE_ID: DEMO_TEMPLATE_IDS.template.shipped,
      NOTICE_PAY_SUCCESS_SUBSCRIBE_ID: DEMO_TEMPLATE_IDS.subscribe.pay_success,
      NOTICE_SHIPPED_SUBSCRIBE_ID: DEMO_TEMPLATE_IDS.subscribe.shipped,
    });
    expect(env.WECHATPAY_PLATFORM_PUBLIC_KEY?.replace(/\s/g, '')).toBe(
      sim.keys.platform.publicKey.replace(/\s/g, ''),
    );
  });
});

describe('GET /sim/inbox/page', () => {
  it('renders each shopper’s service notices in Chinese with the emphasised keyword large', async () => {
    sim = await startSim();
    const openid = await newUser(sim);
    const token = await tokenFor(sim);
    const { formIds } = await sim.post<{ formIds: string[] }>('/sim/form-ids', { openid });
    await sim.post(`/cgi-bin/message/wxopen/template/send?access_token=${token}`, {
      touser: openid,
      template_id: DEMO_TEMPLATE_IDS.template.pay_success,
      page: 'pages/cart/results/index?sn=S<1>',
      form_id: formIds[0],
      data: { keyword1: { value: 'S1' }, keyword2: { value: '88.00元' } },
      emphasis_keyword: 'keyword2.DATA',
    });
    const res = await fetch(`${sim.base}/sim/inbox/page`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('服务通知');
    expect(html).toContain('http-equiv="refresh"');
    expect(html).toContain('订单支付成功通知');
    expect(html).toMatch(/<div class="big">88\.00元<\/div>/);
    expect(html).toContain('<span class="label">订单编号</span><span class="value">S1</span>');
    expect(html).toContain('pages/cart/results/index?sn=S&lt;1&gt;');
    expect(html).toContain(openid);
    const empty = await (await fetch(`${sim.base}/sim/inbox/page?openid=o-none`)).text();
    expect(empty).toContain('还没有收到服务通知');
  });
});
