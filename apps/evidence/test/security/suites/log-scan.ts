// Last: every line the BFF logged during the whole security run, searched for every secret the run
// handled (openids, session keys, tokens, keys, signatures). Hits: 0.

import { describe, expect, it } from 'vitest';
import type { World } from '../world.js';

export function logScanSuite(world: () => World): void {
  describe('log scan after the whole suite', () => {
    it('finds no openid, session_key, token, key or signature value in any log line', async () => {
      const w = world();
      // The admin database view of the access token, so the scan knows it too.
      const kinds = new Set(w.secrets.values());
      expect(w.logLines.length).toBeGreaterThan(100);
      for (const kind of [
        'openid',
        'session_key',
        'access_token',
        'APIv3 key',
        'push EncodingAESKey',
        'push token',
        'merchant private key',
        'Wechatpay-Signature',
        'push msg_signature',
        'session token',
      ]) {
        expect(kinds, `the run handled at least one ${kind}`).toContain(kind);
      }
      const hits: string[] = [];
      for (const [value, kind] of w.secrets) {
        for (const line of w.logLines) {
          if (line.includes(value)) hits.push(`${kind} in: ${line.slice(0, 300)}`);
        }
      }
      console.log(
        `log scan: ${w.logLines.length} lines, ${w.secrets.size} secret values, ${hits.length} hits`,
      );
      expect(hits).toEqual([]);
    });
  });
}
