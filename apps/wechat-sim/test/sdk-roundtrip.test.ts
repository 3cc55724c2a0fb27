// The SDK (packages/wechat) against the emulator over real HTTP: two independent implementations of
// WeChat's protocol have to agree.

import { generateKeyPairSync } from 'node:crypto';
import { DEMO_TEMPLATE_IDS } from '@checkout/shared';
import {
  buildRequestPaymentParams,
  createPayClient,
  createWechatClient,
  openPushMessage,
  PushCrypto,
  SubscribeDataError,
  WechatApiError,
  WechatHttpError,
  WechatPayError,
} from '@checkout/wechat';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NotifyAttempt, PushOutcome } from '../src/app.js';
import { newUser, type RunningSim, startReceiver, startSim, waitFor } from './helpers.js';

let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim({ timeScale: 0.001 });
});
beforeEach(async () => {
  await sim.post('/sim/reset');
});
afterAll(async () => sim.close());

const wechat = (tokenMode?: 'stable' | 'classic') =>
  createWechatClient({ appid: sim.appid, secret: sim.secret, apiBase: sim.base, tokenMode });
const pay = (privateKey = sim.keys.merchant.privateKey) =>
  createPayClient({
    mchid: sim.keys.merchant.mchid,
    serialNo: sim.keys.merchant.serialNo,
    privateKey,
    apiV3Key: sim.keys.apiV3Key,
    platformKeys: new Map([[sim.keys.platform.serial, sim.keys.platform.publicKey]]),
    apiBase: sim.base,
  });
const stats = () =>
  sim.get<{
    calls: Record<string, number>;
    tokenFetches: Record<string, { stable_token: number; token: number }>;
  }>('/sim/stats');
const rejection = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  );

const PAY_TEMPLATE = DEMO_TEMPLATE_IDS.template.pay_success;
const SHIPPED_SUB = DEMO_TEMPLATE_IDS.subscribe.shipped;
const shippedData = {
  character_string1: { value: 'S1' },
  thing2: { value: '顺丰速运' },
  character_string3: { value: 'SF1' },
  time4: { value: '2026-11-23 14:05' },
  thing5: { value: '咖啡' },
};

describe('access token', () => {
  it('stable mode fetches once and reuses the token', async () => {
    const client = wechat();
    const first = await client.accessToken.getToken();
    expect(await client.accessToken.getToken()).toBe(first);
    expect((await stats()).tokenFetches[sim.appid]).toMatchObject({ stable_token: 1, token: 0 });
  });

  it('stable mode fetches once more in the last 5 minutes, then serves the new token', async () => {
    // The SDK reads the emulator's virtual clock, so both agree on where the token's life is.
    let offsetMs = 0;
    const client = createWechatClient({
      appid: sim.appid,
      secret: sim.secret,
      apiBase: sim.base,
      now: () => Date.now() + offsetMs,
    });
    const advance = async (seconds: number) => {
      await sim.post('/sim/clock/advance', { seconds });
      offsetMs += seconds * 1000;
    };
    const first = await client.accessToken.getToken();
    await advance(7200 - 290);
    const renewed = await client.accessToken.getToken();
    expect(renewed).not.toBe(first);
    for (let i = 0; i < 5; i++) {
      await advance(50);
      expect(await client.accessToken.getToken()).toBe(renewed);
    }
    expect((await stats()).tokenFetches[sim.appid]).toMatchObject({ stable_token: 2 });
  });

  it('classic mode uses cgi-bin/token', async () => {
    await wechat('classic').accessToken.getToken();
    expect((await stats()).tokenFetches[sim.appid]).toMatchObject({ stable_token: 0, token: 1 });
  });

  it('refreshes once and retries when the emulator revoked the token (40001)', async () => {
    const client = wechat();
    const openid = await newUser(sim);
    await sim.post('/sim/subscriptions', { openid, templateIds: [SHIPPED_SUB] });
    const before = await client.accessToken.getToken();
    await sim.post('/sim/tokens/revoke', { appid: sim.appid });
    await client.sendSubscribeMessage({ touser: openid, template_id: SHIPPED_SUB, data: shippedData });
    expect(await client.accessToken.getToken()).not.toBe(before);
    expect((await stats()).tokenFetches[sim.appid]!.stable_token).toBe(2);
  });

  it('refreshes once and retries when the token expired on WeChat’s clock (42001)', async () => {
    const client = wechat();
    const openid = await newUser(sim);
    const { formIds } = await sim.post<{ formIds: string[] }>('/sim/form-ids', { openid });
    await client.accessToken.getToken();
    await sim.post('/sim/clock/advance', { seconds: 7200 });
    await client.sendTemplateMessage({
      touser: openid,
      template_id: PAY_TEMPLATE,
      form_id: formIds[0]!,
      data: {},
    });
    expect((await sim.get<unknown[]>(`/sim/inbox?openid=${openid}`)).length).toBe(1);
  });

  it('surfaces an injected errcode as a retryable WechatApiError and a 5xx as WechatHttpError', async () => {
    await sim.post('/sim/faults', { endpoint: 'stable_token', errcode: -1 });
    const busy = await rejection(wechat().accessToken.getToken());
    expect(busy).toBeInstanceOf(WechatApiError);
    expect(busy).toMatchObject({ errcode: -1, retryable: true });
    await sim.post('/sim/faults', { endpoint: 'stable_token', status: 502 });
    const down = await rejection(wechat().accessToken.getToken());
    expect(down).toBeInstanceOf(WechatHttpError);
    expect(down).toMatchObject({ status: 502 });
  });

  it('reports a wrong secret as a non-retryable 40125', async () => {
    const client = createWechatClient({ appid: sim.appid, secret: 'wrong', apiBase: sim.base });
    expect(await rejection(client.accessToken.getToken())).toMatchObject({
      errcode: 40125,
      retryable: false,
    });
  });
});

describe('code2Session', () => {
  it('logs a user in once; the reused code fails with 40163', async () => {
    const { code, openid } = await sim.post<{ code: string; openid: string }>('/sim/login-codes', {});
    expect(await wechat().code2Session(code)).toMatchObject({ openid });
    const reused = await rejection(wechat().code2Session(code));
    expect(reused).toBeInstanceOf(WechatApiError);
    expect(reused).toMatchObject({ api: 'sns/jscode2session', errcode: 40163, retryable: false });
  });
});

describe('template and subscribe messages', () => {
  it('sends a template message with a formId once, then 41029 classified as a spent credential', async () => {
    const client = wechat();
    const openid = await newUser(sim);
    const { formIds } = await sim.post<{ formIds: string[] }>('/sim/form-ids', { openid });
    const message = {
      touser: openid,
      template_id: PAY_TEMPLATE,
      page: 'pages/cart/results/index?sn=S1',
      form_id: formIds[0]!,
      data: { keyword1: { value: 'S1' }, keyword2: { value: '1.00元' } },
      emphasis_keyword: 'keyword2.DATA',
    };
    await client.sendTemplateMessage(message);
    expect(await rejection(client.sendTemplateMessage(message))).toMatchObject({
      errcode: 41029,
      kind: 'credential',
    });
  });

  it('sends a subscribe message per accept; 43101 is classified as refused', async () => {
    const client = wechat();
    const openid = await newUser(sim);
    await sim.post('/sim/subscriptions', { openid, templateIds: [SHIPPED_SUB] });
    const message = {
      touser: openid,
      template_id: SHIPPED_SUB,
      page: 'pages/orders/index',
      data: shippedData,
    };
    await client.sendSubscribeMessage({ ...message, miniprogram_state: 'formal', lang: 'zh_CN' });
    expect(await rejection(client.sendSubscribeMessage(message))).toMatchObject({
      errcode: 43101,
      kind: 'refused',
    });
  });

  it('agrees with the emulator on value rules: the SDK refuses what WeChat would answer 47003 to', async () => {
    const openid = await newUser(sim);
    await sim.post('/sim/subscriptions', { openid, templateIds: [SHIPPED_SUB] });
    const bad = { ...shippedData, time4: { value: '明天' } };
    const error = await rejection(
      wechat().sendSubscribeMessage({ touser: openid, template_id: SHIPPED_SUB, data: bad }),
    );
    expect(error).toBeInstanceOf(SubscribeDataError);
    const token = await wechat().accessToken.getToken();
    const direct = await sim.post<{ errcode: number }>(
      `/cgi-bin/message/subscribe/send?access_token=${token}`,
      {
        touser: openid,
        template_id: SHIPPED_SUB,
        data: bad,
      },
    );
    expect(direct.errcode).toBe(47003);
  });
});

describe('WeChat Pay', () => {
  it('creates a JSAPI prepay whose signed response the SDK verifies', async () => {
    const openid = await newUser(sim);
    const result = await pay().createJsapiPrepay({
      appid: sim.appid,
      description: '拿铁',
      out_trade_no: 'SDK00000001',
      notify_url: 'http://127.0.0.1:9/pay/notify',
      amount: { total: 1800, currency: 'CNY' },
      payer: { openid },
    });
    expect(result.prepay_id).toMatch(/^wx/);
  });

  it('is refused with 401 SIGN_ERROR when signed with a key the emulator does not know', async () => {
    const openid = await newUser(sim);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const error = await rejection(
      pay(stranger.export({ type: 'pkcs8', format: 'pem' }).toString()).createJsapiPrepay({
        appid: sim.appid,
        description: 'x',
        out_trade_no: 'SDK00000002',
        notify_url: 'http://127.0.0.1:9/n',
        amount: { total: 1 },
        payer: { openid },
      }),
    );
    expect(error).toBeInstanceOf(WechatPayError);
    expect(error).toMatchObject({ status: 401, code: 'SIGN_ERROR', retryable: false });
  });

  it('round-trips prepay -> requestPayment -> signed notification verified and decrypted by the SDK', async () => {
    const client = pay();
    const outcomes: string[] = [];
    const receiver = await startReceiver(async (request) => {
      try {
        const transaction = await client.verifyNotification({ headers: request.headers, body: request.body });
        outcomes.push(`${transaction.out_trade_no}:${transaction.trade_state}:${transaction.amount.total}`);
        return { status: 204 };
      } catch (err) {
        outcomes.push(`refused: ${(err as Error).message}`);
        return { status: 401, body: 'FAIL' };
      }
    });
    try {
      const openid = await newUser(sim);
      const { prepay_id } = await client.createJsapiPrepay({
        appid: sim.appid,
        description: '拿铁',
        out_trade_no: 'SDK00000003',
        notify_url: `${receiver.url}/pay/notify`,
        amount: { total: 2500 },
        payer: { openid },
      });
      const params = buildRequestPaymentParams({
        appId: sim.appid,
        prepayId: prepay_id,
        privateKey: sim.keys.merchant.privateKey,
      });
      const paid = await sim.post<{ errMsg: string }>('/sim/pay/confirm', params);
      expect(paid.errMsg).toBe('requestPayment:ok');
      await waitFor(async () => (await sim.get<NotifyAttempt[]>('/sim/pay/notifications')).some((a) => a.ok));
      expect(outcomes).toEqual(['SDK00000003:SUCCESS:2500']);
    } finally {
      await receiver.close();
    }
  });

  it('retries until the receiver accepts, and every retry verifies', async () => {
    const client = pay();
    let verified = 0;
    const receiver = await startReceiver(async (request, index) => {
      await client.verifyNotification({ headers: request.headers, body: request.body });
      verified++;
      return { status: index < 2 ? 500 : 200 };
    });
    try {
      const openid = await newUser(sim);
      const { prepay_id } = await client.createJsapiPrepay({
        appid: sim.appid,
        description: '拿铁',
        out_trade_no: 'SDK00000004',
        notify_url: `${receiver.url}/pay/notify`,
        amount: { total: 1 },
        payer: { openid },
      });
      await sim.post('/sim/pay/confirm', client.requestPaymentParams(sim.appid, prepay_id));
      await waitFor(async () => (await sim.get<NotifyAttempt[]>('/sim/pay/notifications')).some((a) => a.ok));
      expect(verified).toBe(3);
    } finally {
      await receiver.close();
    }
  });

  it('makes the paid prepay_id a template credential for three sends', async () => {
    const payClient = pay();
    const openid = await newUser(sim);
    const { prepay_id } = await payClient.createJsapiPrepay({
      appid: sim.appid,
      description: '拿铁',
      out_trade_no: 'SDK00000005',
      notify_url: 'http://127.0.0.1:9/n',
      amount: { total: 1 },
      payer: { openid },
    });
    const client = wechat();
    const send = () =>
      client.sendTemplateMessage({ touser: openid, template_id: PAY_TEMPLATE, form_id: prepay_id, data: {} });
    expect(await rejection(send())).toMatchObject({ errcode: 41028 });
    await sim.post('/sim/pay/confirm', payClient.requestPaymentParams(sim.appid, prepay_id));
    await send();
    await send();
    await send();
    expect(await rejection(send())).toMatchObject({ errcode: 41029 });
  });
});

describe('message push', () => {
  /** A receiver that opens every push with the SDK, as the push settings of `appid` say. */
  async function sdkReceiver(appid: string) {
    const push = sim.keys.push[appid]!;
    const crypto = new PushCrypto({ token: push.token, encodingAESKey: push.encodingAESKey, appid });
    const opened: Record<string, unknown>[] = [];
    const receiver = await startReceiver(async (request) => {
      const query = Object.fromEntries(new URL(request.url, 'http://x').searchParams);
      const result = openPushMessage({
        crypto,
        query,
        body: request.body,
        contentType: String(request.headers['content-type']),
        maxSkewSeconds: 300,
      });
      opened.push(result.message);
      return { body: 'success' };
    });
    return { receiver, opened };
  }

  it.each(['safe', 'compatible', 'plain'] as const)(
    'delivers an Official Account card event in %s mode (XML) that the SDK opens',
    async (mode) => {
      const oa = sim.keys.officialAccount!;
      const { receiver, opened } = await sdkReceiver(oa.appid);
      try {
        const outcome = await sim.post<PushOutcome>('/sim/push/card-event', {
          url: `${receiver.url}/wx/push/${oa.appid}`,
          mode,
          event: 'user_consume_card',
          openid: 'o-shopper',
          card_id: 'pCARD',
          user_card_code: '000011112222',
          remark_amount: '5.00',
        });
        expect(outcome.delivered).toBe(true);
        expect(outcome.attempts).toHaveLength(1);
        expect(opened[0]).toMatchObject({
          FromUserName: 'o-shopper',
          Event: 'user_consume_card',
          CardId: 'pCARD',
          UserCardCode: '000011112222',
          RemarkAmount: '5.00',
        });
      } finally {
        await receiver.close();
      }
    },
  );

  it.each(['safe', 'compatible', 'plain'] as const)(
    'delivers a mini-program JSON message in %s mode whose 64-bit MsgId the SDK keeps exact',
    async (mode) => {
      const { receiver, opened } = await sdkReceiver(sim.appid);
      try {
        const outcome = await sim.post<PushOutcome>('/sim/push', {
          url: `${receiver.url}/wx/push/${sim.appid}`,
          mode,
          format: 'json',
          message: { FromUserName: 'o-shopper', MsgType: 'text', Content: '你好', MsgId: '9007199254740993' },
        });
        expect(outcome.delivered).toBe(true);
        expect(opened[0]).toMatchObject({ FromUserName: 'o-shopper', MsgId: '9007199254740993' });
      } finally {
        await receiver.close();
      }
    },
  );

  it('is refused by the SDK when signed with another token, and the emulator retries', async () => {
    const push = sim.keys.push[sim.appid]!;
    const wrong = new PushCrypto({
      token: 'not-the-token',
      encodingAESKey: push.encodingAESKey,
      appid: sim.appid,
    });
    const receiver = await startReceiver(async (request) => {
      const query = Object.fromEntries(new URL(request.url, 'http://x').searchParams);
      try {
        openPushMessage({ crypto: wrong, query, body: request.body });
        return { body: 'success' };
      } catch {
        return { status: 401, body: 'signature' };
      }
    });
    try {
      const outcome = await sim.post<PushOutcome>('/sim/push', {
        url: `${receiver.url}/wx`,
        mode: 'safe',
        message: { MsgType: 'text', Content: 'hi' },
      });
      expect(outcome.delivered).toBe(false);
      expect(outcome.attempts.map((a) => a.status)).toEqual([401, 401, 401]);
    } finally {
      await receiver.close();
    }
  });
});
