import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helper.js';

describe('POST /auth/login input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it.each([
    [{}, 'body must have property "code"'],
    [{ code: '' }, 'body "code" must NOT have fewer than 1 characters'],
    [{ code: 'x', extra: 1 }, 'body has unknown property "extra"'],
  ])('refuses %o with a 400 naming the problem', async (body, message) => {
    const res = await t.app.inject({ method: 'POST', url: '/auth/login', payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', message });
  });
});
