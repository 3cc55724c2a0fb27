// The built server (dist/server.js) as a process: SIGTERM during a slow request lets the request finish
// and then exits 0; a second signal, or the grace deadline, ends it at once with 1.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../helper.js';
import { freePort, waitFor } from '../support/shop.js';

const SERVER = fileURLToPath(new URL('../../dist/server.js', import.meta.url));

/** A WeChat whose jscode2session answers after `holdMs`; `arrived` resolves when a login reaches it. */
let wechat: Server;
let wechatUrl: string;
let holdMs = 0;
let arrived: () => void = () => {};
beforeAll(async () => {
  wechat = createServer((_request, response) => {
    arrived();
    setTimeout(() => {
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({ openid: 'oGraceful000000000000000001', session_key: 'c2Vzc2lvbmtleQ==' }),
      );
    }, holdMs);
  });
  await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
  const address = wechat.address();
  wechatUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => wechat.close(() => resolve())));

const dataDirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bff-graceful-'));
  dataDirs.push(dataDir);
  const child = spawn(process.execPath, [SERVER], {
    env: {
      PATH: process.env.PATH,
      ...testEnv({
        WECHAT_API_BASE: wechatUrl,
        DATA_DIR: dataDir,
        PORT: String(port),
        ...env,
      }),
    },
    stdio: 'ignore',
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    () =>
      fetch(`${url}/healthz`).then(
        (r) => (r.ok ? true : undefined),
        () => undefined,
      ),
    'the server to listen',
    60_000, // a fresh PGlite folder runs initdb first
  );
  return { child, url };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** Starts a login that waits on WeChat, and resolves once WeChat has it (the request is in flight). */
async function loginInFlight(url: string): Promise<{ response: Promise<Response> }> {
  const reached = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const response = fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'graceful-code' }),
  });
  // An early answer (a refusal) would otherwise leave the test waiting for WeChat forever.
  await Promise.race([
    reached,
    response.then((r) => Promise.reject(new Error(`answered early: ${r.status}`))),
  ]);
  return { response };
}

describe('graceful shutdown of the built server', { timeout: 120_000 }, () => {
  it('SIGTERM during a slow request: the request is answered, then the process exits 0', async () => {
    holdMs = 1500;
    const server = await startServer({});
    const { response: login } = await loginInFlight(server.url);
    server.child.kill('SIGTERM');
    const res = await login;
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('token');
    expect(await exited(server.child)).toBe(0);
  });

  it('a second signal forces the exit without waiting for the request', async () => {
    holdMs = 30_000;
    const server = await startServer({ SHUTDOWN_GRACE_MS: '60000' });
    const login = (await loginInFlight(server.url)).response.catch((error: Error) => error);
    const started = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    await login;
  });

  it('past SHUTDOWN_GRACE_MS the process exits 1 anyway', async () => {
    holdMs = 30_000;
    const server = await startServer({ SHUTDOWN_GRACE_MS: '500' });
    const login = (await loginInFlight(server.url)).response.catch((error: Error) => error);
    const started = Date.now();
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    await login;
  });
});
