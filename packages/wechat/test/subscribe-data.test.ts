import { SUBSCRIBE_VALUE_CASES } from '@checkout/shared';
import { describe, expect, it } from 'vitest';
import { SubscribeDataError } from '../src/errors.js';
import { assertSubscribeData } from '../src/subscribe-data.js';

describe("the SDK's subscribe pre-check", () => {
  it.each(
    SUBSCRIBE_VALUE_CASES.map((c) => [c.valid ? 'passes' : 'stops', c.key, c.value, c.why, c.valid] as const),
  )('%s %s = %j before WeChat sees it (%s)', (_verb, key, value, _why, valid) => {
    const check = () => assertSubscribeData({ [key]: { value } });
    if (valid) expect(check).not.toThrow();
    else expect(check).toThrow(SubscribeDataError);
  });

  it('refuses an empty data object', () => {
    expect(() => assertSubscribeData({})).toThrow(SubscribeDataError);
  });
});
