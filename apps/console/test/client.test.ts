import { ApiError, NetworkError } from '@checkout/shared';
import { describe, expect, it } from 'vitest';
import { ApiClient, toQueryString } from '../src/api/client.js';
import { isUnauthorized, merchantMessage } from '../src/api/merchant-message.js';
import { BASE_URL, errorReply, fakeBff } from './fake-bff.js';

const client = (bff: ReturnType<typeof fakeBff>) =>
  new ApiClient({ baseUrl: `${BASE_URL}/`, token: 'tok', fetch: bff.fetch });

describe('toQueryString', () => {
  it('keeps defined, non-empty values and drops the rest', () => {
    expect(toQueryString({ status: 'paid', from: undefined, sn: '', limit: 20, offset: 0 })).toBe(
      '?status=paid&limit=20&offset=0',
    );
    expect(toQueryString({ a: undefined })).toBe('');
  });

  it('encodes values', () => {
    expect(toQueryString({ from: '2024-05-01T00:00:00.000Z', code: 'a b&c' })).toBe(
      '?from=2024-05-01T00%3A00%3A00.000Z&code=a+b%26c',
    );
  });
});

describe('ApiClient', () => {
  it('sends the admin bearer token and a JSON body', async () => {
    const bff = fakeBff({ 'POST /admin/orders/:sn/ship': () => ({ body: { ok: true } }) });
    await client(bff).shipOrder('SN 1/2', { carrier: '顺丰速运', trackingNo: 'SF123456' });
    const [call] = bff.calls;
    expect(call?.authorization).toBe('Bearer tok');
    expect(call?.path).toBe('/admin/orders/SN%201%2F2/ship');
    expect(call?.body).toEqual({ carrier: '顺丰速运', trackingNo: 'SF123456' });
  });

  it("surfaces the server's message and code on a 4xx", async () => {
    const bff = fakeBff({
      'GET /admin/orders': () =>
        errorReply(400, 'querystring "status" must be equal to one of the allowed values'),
      'POST /admin/orders/:sn/ship': () => errorReply(409, 'order SN1 is not paid', 'ORDER_NOT_PAID'),
    });
    await expect(client(bff).listOrders({})).rejects.toThrow(
      'querystring "status" must be equal to one of the allowed values',
    );
    const error = await client(bff)
      .shipOrder('SN1', { carrier: 'x', trackingNo: 'abcd' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'ORDER_NOT_PAID', path: '/admin/orders/SN1/ship' });
    expect(merchantMessage(error)).toBe('order SN1 is not paid');
  });

  it('tells a refused token apart from other refusals', async () => {
    const bff = fakeBff({
      'GET /admin/triggers': () => errorReply(401, 'admin routes need a token'),
      'GET /admin/trigger-logs': () => errorReply(400, 'querystring "triggerId" must be integer'),
    });
    const refused = await client(bff)
      .listTriggers()
      .catch((e: unknown) => e);
    expect(isUnauthorized(refused)).toBe(true);
    const invalid = await client(bff)
      .listTriggerLogs({})
      .catch((e: unknown) => e);
    expect(isUnauthorized(invalid)).toBe(false);
  });

  it('reports a non-JSON failure by its status', async () => {
    const failing = (async () => new Response('<html>bad gateway</html>', { status: 502 })) as typeof fetch;
    const api = new ApiClient({ baseUrl: BASE_URL, token: 'tok', fetch: failing });
    const error = await api.listEvents({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(merchantMessage(error)).toBe('HTTP 502');
  });

  it('reports an unreachable server plainly', async () => {
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const api = new ApiClient({ baseUrl: BASE_URL, token: 'tok', fetch: offline });
    const error = await api.listEvents({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(merchantMessage(error)).toBe('网络错误：无法连接服务器');
  });

  it('accepts an empty 204 reply', async () => {
    const bff = fakeBff({ 'DELETE /admin/triggers/:id': () => ({ status: 204 }) });
    await expect(client(bff).deleteTrigger(3)).resolves.toBeUndefined();
    expect(bff.calls[0]?.path).toBe('/admin/triggers/3');
  });
});
