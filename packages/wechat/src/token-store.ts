export interface StoredToken {
  token: string;
  /** Epoch milliseconds after which WeChat no longer accepts the token. */
  expiresAt: number;
}

/**
 * Where access tokens live. The BFF plugs in its database (row per appid + advisory lock) so every
 * instance shares one token; MemoryTokenStore serves a single process and the tests.
 */
export interface TokenStore {
  get(appid: string): Promise<StoredToken | null>;
  set(appid: string, token: StoredToken): Promise<void>;
  /** Deletes the stored token only if it is still `ifToken` (another process may have replaced it). */
  delete(appid: string, ifToken: string): Promise<void>;
  /** Runs `fn` while holding the appid's refresh lock, across every process sharing the store. */
  withLock<T>(appid: string, fn: () => Promise<T>): Promise<T>;
}

export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, StoredToken>();
  private readonly locks = new Map<string, Promise<unknown>>();

  async get(appid: string): Promise<StoredToken | null> {
    const stored = this.tokens.get(appid);
    return stored ? { ...stored } : null;
  }

  async set(appid: string, token: StoredToken): Promise<void> {
    this.tokens.set(appid, { ...token });
  }

  async delete(appid: string, ifToken: string): Promise<void> {
    if (this.tokens.get(appid)?.token === ifToken) this.tokens.delete(appid);
  }

  async withLock<T>(appid: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(appid) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    // The chain continues whether fn fails or not; a failure is reported to this caller only.
    const tail = run.catch(() => undefined);
    this.locks.set(appid, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(appid) === tail) this.locks.delete(appid);
    }
  }
}
