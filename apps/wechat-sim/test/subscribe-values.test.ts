import { checkSubscribeValue, SUBSCRIBE_VALUE_CASES } from '@checkout/shared';
import { describe, expect, it } from 'vitest';
import { judgeSubscribeValue } from '../src/subscribe-values.js';

describe("the emulator's own subscribe value judge", () => {
  it.each(
    SUBSCRIBE_VALUE_CASES.map(
      (c) => [c.valid ? 'accepts' : 'refuses', c.key, c.value, c.why, c.valid] as const,
    ),
  )('%s %s = %j (%s)', (_verb, key, value, _why, valid) => {
    expect(judgeSubscribeValue(key, value) === null).toBe(valid);
  });

  it("agrees with the SDK's pre-check on every case of the shared table", () => {
    const disagreements = SUBSCRIBE_VALUE_CASES.filter(
      (c) =>
        (judgeSubscribeValue(c.key, c.value) === null) !== (checkSubscribeValue(c.key, c.value) === null),
    );
    expect(disagreements).toEqual([]);
  });

  it('does not take inherited object names for value types', () => {
    expect(judgeSubscribeValue('constructor1', 'x')).toContain('not a key');
  });
});
