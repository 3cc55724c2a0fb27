// The sentence a merchant sees for a failed call. The BFF's refusals name the problem (in English, as
// the API speaks), so they are shown as sent; only a missing answer is put in Chinese.

import { ApiError, NetworkError } from '@checkout/shared';

export function merchantMessage(error: unknown): string {
  if (error instanceof NetworkError) return '网络错误：无法连接服务器';
  if (error instanceof ApiError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}

/** The admin token was refused: the console goes back to the token prompt. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
