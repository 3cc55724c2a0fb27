import { checkSubscribeValue } from '@checkout/shared';
import { SubscribeDataError } from './errors.js';

/** Checks every subscribe-message value against its key's rule, so WeChat never answers 47003. */
export function assertSubscribeData(data: Record<string, { value: string }>): void {
  const keys = Object.keys(data);
  if (keys.length === 0) throw new SubscribeDataError('data', 'at least one key is required');
  for (const key of keys) {
    const entry = data[key];
    if (typeof entry?.value !== 'string') throw new SubscribeDataError(key, `${key}.value must be a string`);
    const problem = checkSubscribeValue(key, entry.value);
    if (problem !== null) throw new SubscribeDataError(key, problem);
  }
}
