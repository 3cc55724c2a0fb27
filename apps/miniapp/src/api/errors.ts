// The two ways a BFF call fails, and the sentence a shopper sees for each.
import type { ErrorBody } from '@checkout/shared';

/** The BFF answered with a non-2xx status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly body: Partial<ErrorBody> | undefined,
    readonly path: string,
  ) {
    super(`${path} answered ${status}${body?.message ? `: ${body.message}` : ''}`);
  }

  get code(): string | undefined {
    return this.body?.code;
  }
}

/** No HTTP reply arrived. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly path: string,
    override readonly cause: unknown,
  ) {
    super(`${path} could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Shopper-facing text for a failed call (API messages are English and stay in logs). */
export function shopperMessage(error: unknown): string {
  if (error instanceof NetworkError) return '网络异常，请检查网络后重试';
  if (error instanceof ApiError) {
    if (error.status === 401) return '登录已失效，请重试';
    if (error.status === 404) return '订单不存在';
    if (error.status === 409) return '订单状态已变化，请刷新';
    if (error.status === 429) return '操作太频繁，请稍后再试';
    if (error.status >= 500) return '服务繁忙，请稍后重试';
    return `请求失败（${error.status}）`;
  }
  return '出错了，请重试';
}
