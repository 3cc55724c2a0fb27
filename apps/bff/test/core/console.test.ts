import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import consoleUi from '../../src/core/console.js';
import errors from '../../src/core/error-handler.js';

const INDEX = '<!doctype html><div id="root"></div><script src="/console/assets/index-abc123.js"></script>';

async function appServing(root: string, logLines?: string[]): Promise<FastifyInstance> {
  const stream = { write: (line: string) => logLines?.push(line) };
  const app = Fastify({ logger: logLines ? { level: 'info', stream } : false });
  await app.register(errors);
  await app.register(consoleUi, { prefix: '/console', root });
  app.get('/health', async () => ({ status: 'ok' }));
  return app;
}

describe('console plugin', () => {
  let build: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    build = mkdtempSync(join(tmpdir(), 'console-dist-'));
    mkdirSync(join(build, 'assets'));
    writeFileSync(join(build, 'index.html'), INDEX);
    writeFileSync(join(build, 'assets', 'index-abc123.js'), 'console.log("console")');
    app = await appServing(build);
  });

  afterAll(async () => {
    await app.close();
    rmSync(build, { recursive: true, force: true });
  });

  it('serves index.html at /console/ and re-checks it on every load', async () => {
    const res = await app.inject('/console/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(INDEX);
  });

  it('redirects the bare prefix to /console/ so relative assets resolve', async () => {
    const res = await app.inject('/console');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/console/');
  });

  it('serves hashed assets as immutable', async () => {
    const res = await app.inject('/console/assets/index-abc123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe('console.log("console")');
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await app.inject('/console/triggers/3/logs');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX);
  });

  it('answers a missing file with a JSON 404, not the app', async () => {
    const res = await app.inject('/console/assets/missing-000.js');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Route GET /console/assets/missing-000.js not found',
    });
  });

  it('does not read outside the build folder', async () => {
    const res = await app.inject('/console/..%2f..%2fetc%2fpasswd');
    expect(res.statusCode).not.toBe(200);
    expect(res.body).not.toContain('root:');
  });

  it('leaves the other routes alone', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/nope')).statusCode).toBe(404);
  });

  it('serves nothing and logs one line when the console is not built', async () => {
    const lines: string[] = [];
    const missing = await appServing(join(build, 'no-such-dist'), lines);
    try {
      expect((await missing.inject('/console/')).statusCode).toBe(404);
      const notes = lines.filter((line) => line.includes('console build not found'));
      expect(notes).toHaveLength(1);
      expect((await missing.inject('/health')).statusCode).toBe(200);
    } finally {
      await missing.close();
    }
  });
});
