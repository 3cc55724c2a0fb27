// The sentence a shopper sees for each way a BFF call fails (the failures are @checkout/shared's).
import { ApiError, NetworkError } from '@checkout/shared';

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
