/** One platform certificate as `GET /v3/certificates` lists it, decrypted. */
export interface StoredPlatformCertificate {
  /** Uppercase hex, as WeChat Pay writes `serial_no` and `Wechatpay-Serial`. */
  serial: string;
  certificatePem: string;
  /** effective_time and expire_time, epoch milliseconds. */
  effectiveAt: number;
  expiresAt: number;
}

export interface StoredCertificates {
  certificates: StoredPlatformCertificate[];
  /** When this set was downloaded (epoch milliseconds): downloads are at most once a minute. */
  fetchedAt: number;
}

/**
 * Where downloaded platform certificates live. The BFF plugs in its database so every instance reads the
 * set one of them downloaded; MemoryCertificateStore serves a single process and the tests.
 */
export interface CertificateStore {
  get(mchid: string): Promise<StoredCertificates | null>;
  /**
   * Calls `refresh` with the stored set while holding the merchant's lock across every process sharing the
   * store, and stores what it returns.
   */
  update(
    mchid: string,
    refresh: (current: StoredCertificates | null) => Promise<StoredCertificates>,
  ): Promise<StoredCertificates>;
}

export class MemoryCertificateStore implements CertificateStore {
  private readonly sets = new Map<string, StoredCertificates>();
  private readonly locks = new Map<string, Promise<unknown>>();

  async get(mchid: string): Promise<StoredCertificates | null> {
    return this.sets.get(mchid) ?? null;
  }

  async update(
    mchid: string,
    refresh: (current: StoredCertificates | null) => Promise<StoredCertificates>,
  ): Promise<StoredCertificates> {
    const previous = this.locks.get(mchid) ?? Promise.resolve();
    const run = previous.then(async () => {
      const next = await refresh(this.sets.get(mchid) ?? null);
      this.sets.set(mchid, next);
      return next;
    });
    // The next caller waits for this one whether it fails or not; a failure is reported to this caller only.
    const tail = run.catch(() => undefined);
    this.locks.set(mchid, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(mchid) === tail) this.locks.delete(mchid);
    }
  }
}
