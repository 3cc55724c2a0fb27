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

/** The first keyring that knows the serial: a merchant moving between modes accepts both kinds of serial. */
export function chainKeyrings(...sources: PlatformKeySource[]): PlatformKeyring {
  const keyrings = sources.map(toKeyring);
  return {
    async keyFor(serial) {
      for (const keyring of keyrings) {
        const key = await keyring.keyFor(serial);
        if (key !== undefined) return key;
      }
      return undefined;
    },
  };
}
