import { ApiError, NetworkError } from '@checkout/shared';
import { describe, expect, it } from 'vitest';
import { createApiClient, SESSION_STORAGE_KEY } from '../../src/api/client';
import { shopperMessage } from '../../src/api/errors';
import { API_BASE, CATALOG, createFakePort, errorReply } from '../fake-port';

function setup(now = () => Date.parse('2026-11-23T06:00:00Z')) {
  const fake = createFakePort();
  return { ...fake, api: createApiClient({ port: fake.port, baseUrl: `${API_BASE}/`, now }) };
}

describe('session', () => {
  it('logs in on launch with the wx.login code and keeps the session in storage', async () => {
    const fake = setup();
    await fake.api.ensureSession();
    expect(fake.events).toEqual(['login', 'POST /auth/login']);
    expect(fake.requests[0]?.body).toEqual({ code: 'code-1' });
    expect(JSON.parse(fake.store.get(SESSION_STORAGE_KEY) ?? '')).toEqual({
      token: 'token-1',
      expiresAt: '2099-01-01T00:00:00.000Z',
    });

    await fake.api.ensureSession();
    await fake.api.catalog();
    expect(fake.bff.logins).toBe(1);
  });

  it('shares one login between calls made at the same time', async () => {
    const fake = setup();
    await Promise.all([fake.api.ensureSession(), fake.api.catalog(), fake.api.listOrders()]);
    expect(fake.bff.logins).toBe(1);
    expect(fake.events.filter((event) => event === 'login')).toHaveLength(1);
  });

  it('logs in again instead of using a token about to expire', async () => {
    const fake = setup(() => Date.parse('2026-11-23T06:00:00Z'));
    fake.store.set(SESSION_STORAGE_KEY, JSON.stringify({ token: 'old', expiresAt: '2026-11-23T06:00:30Z' }));
    await fake.api.catalog();
    expect(fake.bff.logins).toBe(1);
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer token-1');
  });

  it('logs in again when the stored session is unreadable', async () => {
    const fake = setup();
    fake.store.set(SESSION_STORAGE_KEY, '{not json');
    await fake.api.catalog();
    expect(fake.bff.logins).toBe(1);
  });

  it('re-logs in once on a 401 and repeats the call with the new token', async () => {
    const fake = setup();
    await fake.api.ensureSession();
    fake.bff.dropSessions();
    const reply = await fake.api.catalog();
    expect(reply.items).toEqual(CATALOG);
    expect(fake.events).toEqual([
      'login',
      'POST /auth/login',
      'GET /catalog',
      'login',
      'POST /auth/login',
      'GET /catalog',
    ]);
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer token-2');
  });

  it('raises the second 401 instead of looping', async () => {
    const fake = setup();
    fake.bff.routes['GET /catalog'] = () => errorReply(401, 'session expired');
    const failure = await fake.api.catalog().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect(fake.bff.logins).toBe(2);
  });

  it('raises a refused login as an ApiError of /auth/login', async () => {
    const fake = setup();
    fake.bff.routes['POST /auth/login'] = () => errorReply(400, 'code has been used');
    const failure = (await fake.api.ensureSession().catch((error: unknown) => error)) as ApiError;
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.path).toBe('/auth/login');
    expect(failure.message).toBe('/auth/login answered 400: code has been used');
    expect(fake.store.has(SESSION_STORAGE_KEY)).toBe(false);
  });
});

describe('requests', () => {
  it('sends JSON with the bearer token on POST and no body on GET', async () => {
    const fake = setup();
    await fake.api.createOrder({ items: [{ sku: 'tea', quantity: 1 }], formId: 'f1' });
    await fake.api.listOrders();
    const [post, get] = fake.requests.slice(-2);
    expect(post).toEqual({
      method: 'POST',
      url: `${API_BASE}/orders`,
      headers: {
        accept: 'application/json',
        authorization: 'Bearer token-1',
        'content-type': 'application/json',
      },
      body: { items: [{ sku: 'tea', quantity: 1 }], formId: 'f1' },
    });
    expect(get).toEqual({
      method: 'GET',
      url: `${API_BASE}/orders`,
      headers: { accept: 'application/json', authorization: 'Bearer token-1' },
      body: undefined,
    });
  });

  it('escapes the order number in the path', async () => {
    const fake = setup();
    await fake.api.getOrder('a/b').catch(() => undefined);
    expect(fake.requests.at(-1)?.url).toBe(`${API_BASE}/orders/a%2Fb`);
  });

  it('returns typed replies of every route', async () => {
    const fake = setup();
    const created = await fake.api.createOrder({ items: [{ sku: 'cup', quantity: 2 }] });
    expect(created.order).toMatchObject({ sn: 'SN000001', totalFen: 1000, status: 'unpaid' });
    expect(created.payment.signType).toBe('RSA');
    expect((await fake.api.payOrderAgain('SN000001')).package).toBe('prepay_id=wx123');
    expect(await fake.api.recordSubscriptions(['a', 'b'])).toEqual({ recorded: 2 });
    expect(await fake.api.sendPaySuccessNotice({ sn: 'SN000001', form_id: 'f' })).toMatchObject({
      kind: 'pay_success',
      status: 'sent',
    });
    expect((await fake.api.getOrder('SN000001')).status).toBe('paid');
    expect((await fake.api.listOrders()).orders).toHaveLength(1);
  });

  it('turns an error reply into an ApiError carrying the status and code', async () => {
    const fake = setup();
    fake.bff.routes['GET /orders/:sn'] = () => ({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'order SN1 not found', code: 'ORDER_NOT_FOUND' },
    });
    const failure = (await fake.api.getOrder('SN1').catch((error: unknown) => error)) as ApiError;
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.status).toBe(404);
    expect(failure.code).toBe('ORDER_NOT_FOUND');
    expect(shopperMessage(failure)).toBe('订单不存在');
  });

  it('turns a missing reply into a NetworkError', async () => {
    const fake = setup();
    await fake.api.ensureSession();
    fake.port.request = () => Promise.reject(new Error('request:fail timeout'));
    const failure = await fake.api.catalog().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NetworkError);
    expect((failure as NetworkError).message).toBe('/catalog could not be reached: request:fail timeout');
  });
});

describe('shopperMessage', () => {
  it('says in Chinese what went wrong, without the API text', () => {
    expect(shopperMessage(new NetworkError('/x', new Error('offline')))).toBe('网络异常，请检查网络后重试');
    expect(shopperMessage(new ApiError(401, undefined, '/x'))).toBe('登录已失效，请重试');
    expect(shopperMessage(new ApiError(409, undefined, '/x'))).toBe('订单状态已变化，请刷新');
    expect(shopperMessage(new ApiError(429, undefined, '/x'))).toBe('操作太频繁，请稍后再试');
    expect(shopperMessage(new ApiError(502, undefined, '/x'))).toBe('服务繁忙，请稍后重试');
    expect(shopperMessage(new ApiError(400, { message: 'items must not be empty' }, '/x'))).toBe(
      '请求失败（400）',
    );
    expect(shopperMessage(new Error('boom'))).toBe('出错了，请重试');
  });
});
