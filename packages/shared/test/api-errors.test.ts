import { describe, expect, it } from 'vitest';
import { ApiError, isErrorBody, NetworkError } from '../src/api-errors.js';

const refusal = {
  statusCode: 409,
  error: 'Conflict',
  message: 'order SN1 is not paid',
  code: 'ORDER_NOT_PAID',
};

describe('isErrorBody', () => {
  it('recognises the BFF error body, with or without a code', () => {
    expect(isErrorBody(refusal)).toBe(true);
    expect(isErrorBody({ statusCode: 400, error: 'Bad Request', message: 'body must be object' })).toBe(true);
  });

  it('refuses anything else', () => {
    expect(isErrorBody(undefined)).toBe(false);
    expect(isErrorBody('<html>bad gateway</html>')).toBe(false);
    expect(isErrorBody({ message: 'no reason phrase' })).toBe(false);
    expect(isErrorBody({ error: 'Conflict', message: 42 })).toBe(false);
    expect(isErrorBody({ error: 'Conflict', message: 'x', code: 7 })).toBe(false);
  });
});

describe('ApiError', () => {
  it("keeps the status, the path and the BFF's message and code", () => {
    const error = new ApiError(409, refusal, '/admin/orders/SN1/ship');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ApiError');
    expect(error.message).toBe('/admin/orders/SN1/ship answered 409: order SN1 is not paid');
    expect(error).toMatchObject({ status: 409, path: '/admin/orders/SN1/ship', code: 'ORDER_NOT_PAID' });
    expect(error.reason).toBe('order SN1 is not paid');
  });

  it('falls back to the status when the reply is not an error body', () => {
    const error = new ApiError(502, '<html>bad gateway</html>', '/catalog');
    expect(error.body).toBeUndefined();
    expect(error.code).toBeUndefined();
    expect(error.message).toBe('/catalog answered 502');
    expect(error.reason).toBe('HTTP 502');
  });
});

describe('NetworkError', () => {
  it('names the path and keeps the cause', () => {
    const cause = new TypeError('fetch failed');
    const error = new NetworkError('/catalog', cause);
    expect(error.name).toBe('NetworkError');
    expect(error.message).toBe('/catalog could not be reached: fetch failed');
    expect(error.cause).toBe(cause);
    expect(new NetworkError('/x', 'request:fail timeout').message).toBe(
      '/x could not be reached: request:fail timeout',
    );
  });
});
