import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DATABASES, type TestApp } from '../helper.js';
import { ADMIN } from '../support/shop.js';

describe.each(DATABASES)('control characters in client strings (%s)', (flavour) => {
  let shop: TestApp;
  let shopper: { authorization: string };
  beforeAll(async () => {
    shop = await buildTestApp(flavour);
    shopper = { authorization: `Bearer ${shop.app.sessions.issue('oControlChars0000000000001').token}` };
  });
  afterAll(() => shop.close());

  it('POST /orders with a NUL in a sku answers 400 naming the field, and stores nothing', async () => {
    const res = await shop.app.inject({
      method: 'POST',
      url: '/orders',
      headers: shopper,
      payload: { items: [{ sku: 'drip\u0000bags', quantity: 1 }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'Bad Request',
      message: 'body "items.0.sku" must not contain control characters',
    });
    const orders = await shop.app.inject({ method: 'GET', url: '/admin/orders', headers: ADMIN });
    expect(orders.json().total).toBe(0);
  });

  it.each([
    ['/auth/login', { code: 'code\u0001' }, 'code'],
    ['/formids', { formIds: ['form\u001bid'] }, 'formIds.0'],
    ['/subscriptions', { templateIds: ['tmpl\u007f'] }, 'templateIds.0'],
  ])('POST %s refuses a control character in %j', async (url, payload, field) => {
    const res = await shop.app.inject({ method: 'POST', url, headers: shopper, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(`body "${field}" must not contain control characters`);
  });

  it('the admin filters refuse them too', async () => {
    const res = await shop.app.inject({
      method: 'GET',
      url: `/admin/card-redemptions?cardId=${encodeURIComponent('p\u0000card')}`,
      headers: ADMIN,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('querystring "cardId" must not contain control characters');
  });
});
