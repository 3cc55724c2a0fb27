import { afterEach, describe, expect, it } from 'vitest';
import { createWechatClient } from '../src/client.js';
import { SubscribeDataError, WechatApiError } from '../src/errors.js';
import { MemoryTokenStore } from '../src/token-store.js';
import { type FakeWechat, type FakeWechatOptions, startFakeWechat } from './helpers/fake-wechat.js';

let wechat: FakeWechat | undefined;
afterEach(async () => {
  await wechat?.close();
  wechat = undefined;
});

const appid = 'wx1234567890abcdef';

async function clientFor(options: FakeWechatOptions) {
  wechat = await startFakeWechat(options);
  return createWechatClient({ appid, secret: 's3cret', apiBase: wechat.baseUrl });
}

const template = {
  touser: 'oUser1',
  template_id: 'TPL_PAY_SUCCESS',
  page: 'pages/order/index?sn=A1',
  form_id: 'form-1',
  data: { keyword1: { value: 'A1' }, keyword2: { value: '¥12.30', color: '#173177' } },
  emphasis_keyword: 'keyword2.DATA',
};

const subscribe = {
  touser: 'oUser1',
  template_id: 'SUB_PAY_SUCCESS',
  page: 'pages/order/index?sn=A1',
  data: { character_string1: { value: 'A1' }, amount2: { value: '12.30元' }, thing3: { value: '支付成功' } },
  miniprogram_state: 'formal' as const,
  lang: 'zh_CN' as const,
};

describe('code2Session', () => {
  it('exchanges a login code for openid, session_key and unionid', async () => {
    const client = await clientFor({
      api: () => ({ body: { openid: 'oUser1', session_key: 'sk==', unionid: 'uUnion1' } }),
    });
    await expect(client.code2Session('code-1')).resolves.toEqual({
      openid: 'oUser1',
      session_key: 'sk==',
      unionid: 'uUnion1',
    });
    const call = wechat?.apiCalls()[0];
    expect(call?.url.pathname).toBe('/sns/jscode2session');
    expect(Object.fromEntries(call?.url.searchParams ?? [])).toEqual({
      appid,
      secret: 's3cret',
      js_code: 'code-1',
      grant_type: 'authorization_code',
    });
    expect(wechat?.tokenFetches()).toBe(0);
  });

  it('throws WechatApiError for an invalid code, without retrying', async () => {
    const client = await clientFor({ api: () => ({ body: { errcode: 40029, errmsg: 'invalid code' } }) });
    const error = await client.code2Session('used').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ api: 'sns/jscode2session', errcode: 40029, retryable: false });
    expect(wechat?.apiCalls()).toHaveLength(1);
  });
});

describe('sendTemplateMessage', () => {
  it('posts the legacy template message with the access token', async () => {
    const client = await clientFor({});
    await client.sendTemplateMessage(template);
    const call = wechat?.apiCalls()[0];
    expect(call?.url.pathname).toBe('/cgi-bin/message/wxopen/template/send');
    expect(call?.url.searchParams.get('access_token')).toBe('tok-1');
    expect(JSON.parse(call?.body ?? '{}')).toEqual(template);
  });

  it.each([40001, 40014, 42001])(
    'on %i drops the failing token, refreshes once and retries once',
    async (errcode) => {
      const client = await clientFor({
        api: (req, current) =>
          req.url.searchParams.get('access_token') === current && current !== 'tok-1'
            ? { body: { errcode: 0, errmsg: 'ok' } }
            : { body: { errcode, errmsg: 'invalid credential' } },
      });
      await client.sendTemplateMessage(template);
      expect(wechat?.apiCalls().map((r) => r.url.searchParams.get('access_token'))).toEqual([
        'tok-1',
        'tok-2',
      ]);
      expect(wechat?.tokenFetches()).toBe(2);
    },
  );

  it('gives up after one retry when the fresh token fails too', async () => {
    const client = await clientFor({
      api: () => ({ body: { errcode: 40001, errmsg: 'invalid credential' } }),
    });
    await expect(client.sendTemplateMessage(template)).rejects.toMatchObject({
      errcode: 40001,
      kind: 'token',
    });
    expect(wechat?.apiCalls()).toHaveLength(2);
  });

  it('keeps a token another instance already replaced when the old one fails', async () => {
    const store = new MemoryTokenStore();
    await store.set(appid, { token: 'tok-old', expiresAt: Date.now() + 7_200_000 });
    wechat = await startFakeWechat({
      api: (req) => {
        if (req.url.searchParams.get('access_token') !== 'tok-old')
          return { body: { errcode: 0, errmsg: 'ok' } };
        // While this call was in flight another instance refreshed the shared token.
        void store.set(appid, { token: 'tok-from-other-instance', expiresAt: Date.now() + 7_200_000 });
        return { body: { errcode: 40001, errmsg: 'invalid credential' } };
      },
    });
    const client = createWechatClient({
      appid,
      secret: 's3cret',
      apiBase: wechat.baseUrl,
      tokenStore: store,
    });
    await client.sendTemplateMessage(template);
    expect(wechat.apiCalls().map((r) => r.url.searchParams.get('access_token'))).toEqual([
      'tok-old',
      'tok-from-other-instance',
    ]);
    expect(wechat.tokenFetches()).toBe(0);
    expect((await store.get(appid))?.token).toBe('tok-from-other-instance');
  });

  it('marks credential errcodes as not retryable and does not retry them', async () => {
    const client = await clientFor({
      api: () => ({ body: { errcode: 41029, errmsg: 'form id used count limit' } }),
    });
    const error = await client.sendTemplateMessage(template).catch((err: unknown) => err);
    expect(error).toMatchObject({
      api: 'cgi-bin/message/wxopen/template/send',
      kind: 'credential',
      retryable: false,
    });
    expect(wechat?.apiCalls()).toHaveLength(1);
  });
});

describe('sendSubscribeMessage', () => {
  it('posts the subscribe message as given', async () => {
    const client = await clientFor({});
    await client.sendSubscribeMessage(subscribe);
    const call = wechat?.apiCalls()[0];
    expect(call?.url.pathname).toBe('/cgi-bin/message/subscribe/send');
    expect(JSON.parse(call?.body ?? '{}')).toEqual(subscribe);
  });

  it('refuses a value that breaks its key rule before calling WeChat at all', async () => {
    const client = await clientFor({});
    const tooLong = {
      ...subscribe,
      data: { ...subscribe.data, thing3: { value: '这是一段超过二十个字符的很长很长很长的商品名称' } },
    };
    const error = await client.sendSubscribeMessage(tooLong).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SubscribeDataError);
    expect(error).toMatchObject({ key: 'thing3' });
    const badAmount = { ...subscribe, data: { amount2: { value: 'twelve' } } };
    await expect(client.sendSubscribeMessage(badAmount)).rejects.toMatchObject({ key: 'amount2' });
    const unknownKey = { ...subscribe, data: { keyword1: { value: 'x' } } };
    await expect(client.sendSubscribeMessage(unknownKey)).rejects.toMatchObject({ key: 'keyword1' });
    expect(wechat?.requests).toHaveLength(0);
  });

  it('reports 43101 (no accept left) as a refused, non-retryable error', async () => {
    const client = await clientFor({
      api: () => ({ body: { errcode: 43101, errmsg: 'user refuse to accept the msg' } }),
    });
    await expect(client.sendSubscribeMessage(subscribe)).rejects.toMatchObject({
      errcode: 43101,
      kind: 'refused',
      retryable: false,
    });
  });

  it('reports 45011 (frequency limit) as transient and retryable', async () => {
    const client = await clientFor({
      api: () => ({ body: { errcode: 45011, errmsg: 'api minute-quota reach limit' } }),
    });
    await expect(client.sendSubscribeMessage(subscribe)).rejects.toMatchObject({
      kind: 'transient',
      retryable: true,
    });
    expect(wechat?.apiCalls()).toHaveLength(1);
  });
});
