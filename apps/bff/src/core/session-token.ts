// Session tokens are sealed (AES-256-GCM) so the shopper's openid never reaches the client in a
// readable form, and stateless so every BFF instance accepts them.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SessionClaims {
  openid: string;
  /** epoch ms */
  expiresAt: number;
}

export class SessionTokens {
  readonly #key: Buffer;

  constructor(
    secret: string,
    private readonly ttlMs = 7 * 24 * 3600_000,
    private readonly now: () => number = Date.now,
  ) {
    this.#key = createHash('sha256').update(`session:${secret}`).digest();
  }

  issue(openid: string): { token: string; expiresAt: number } {
    const expiresAt = this.now() + this.ttlMs;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const sealed = Buffer.concat([
      cipher.update(JSON.stringify({ o: openid, e: expiresAt })),
      cipher.final(),
    ]);
    const token = Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
    return { token, expiresAt };
  }

  /** The claims of a valid, unexpired token, else null. */
  open(token: string): SessionClaims | null {
    const raw = Buffer.from(token, 'base64url');
    if (raw.length < 29 || raw.length > 512) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      const { o, e } = JSON.parse(plain) as { o: unknown; e: unknown };
      if (typeof o !== 'string' || typeof e !== 'number' || e <= this.now()) return null;
      return { openid: o, expiresAt: e };
    } catch {
      return null;
    }
  }
}
