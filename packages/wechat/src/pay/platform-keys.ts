import type { KeyInput } from './keys.js';

/**
 * Where the platform key of a `Wechatpay-Serial` comes from: a fixed map (public-key mode,
 * `PUB_KEY_ID_...`) or a certificate store that downloads `/v3/certificates` when a serial is new.
 */
export interface PlatformKeyring {
  keyFor(serial: string): Promise<KeyInput | undefined>;
}

export type PlatformKeySource = ReadonlyMap<string, KeyInput> | PlatformKeyring;

export function toKeyring(source: PlatformKeySource): PlatformKeyring {
  if ('keyFor' in source) return source;
  return { keyFor: async (serial) => source.get(serial) };
}
