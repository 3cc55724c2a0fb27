import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helper.js';

describe('security headers', () => {
  let shop: TestApp;
  beforeAll(async () => {
    shop = await buildTestApp('pglite');
  });
  afterAll(() => shop.close());

  it('every answer carries a Content-Security-Policy and helmet headers', async () => {
    for (const url of ['/healthz', '/catalog', '/no-such-route', '/docs/json']) {
      const res = await shop.app.inject(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self';");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['strict-transport-security'], url).toMatch(/max-age=\d+/);
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
  });

  it('/docs loads only its own files: no inline script the policy would block', async () => {
    const page = await shop.app.inject('/docs/');
    expect(page.statusCode).toBe(200);
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="[^"]+"/);
      expect(body!.trim()).toBe('');
    }
    const files = [...page.body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const url = new URL(file, 'http://bff/docs/').pathname;
      expect((await shop.app.inject(url)).statusCode, url).toBe(200);
    }
  });
});
