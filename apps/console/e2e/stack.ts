// The real stack on loopback ports: the WeChat emulator and the BFF (in-memory PGlite) serving the
// built console under /console, wired together the way the demo wires them.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { buildApp } from '@checkout/bff';
import { loadConfig } from '@checkout/bff/config';
import { buildSim } from '@checkout/wechat-sim';

type Server = Awaited<ReturnType<typeof buildApp>>;

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

export interface Stack {
  sim: Awaited<ReturnType<typeof buildSim>>;
  simBase: string;
  bff: Server;
  bffBase: string;
  appid: string;
  /** Card events come from the Official Account, to its own push URL. */
  officialAccountAppid: string;
  close(): Promise<void>;
}

const APPID = 'wxconsolee2e00001';
const OFFICIAL_ACCOUNT_APPID = 'wxconsolee2eoa001';

/** WeChat's EncodingAESKey alphabet: letters and digits only. */
function alphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startStack(): Promise<Stack> {
  const sim = await buildSim({
    timeScale: 0.01,
    apps: [{ appid: APPID, secret: 'e2e-app-secret-0001' }],
    officialAccount: { appid: OFFICIAL_ACCOUNT_APPID, secret: 'e2e-oa-secret-0001' },
    push: {
      [APPID]: { token: 'consoleE2eToken', encodingAESKey: alphanumeric(43) },
      [OFFICIAL_ACCOUNT_APPID]: { token: 'consoleE2eOaToken', encodingAESKey: alphanumeric(43) },
    },
  });
  const simBase = await sim.listen({ port: 0, host: '127.0.0.1' });
  // The BFF's own URL goes into its config (WeChat Pay calls it back), so the port is chosen first.
  const bffPort = await freePort();
  const bffBase = `http://127.0.0.1:${bffPort}`;
  const env = {
    ...sim.sim.env(simBase),
    ADMIN_TOKEN,
    SESSION_SECRET: 'e2e-session-secret-0123456789abcdef',
    NOTIFY_BASE_URL: bffBase,
    LOG_LEVEL: 'silent',
    PORT: String(bffPort),
    HOST: '127.0.0.1',
  };
  const bff = await buildApp({ config: loadConfig(env), database: { memory: true }, logger: false });
  await bff.listen({ port: bffPort, host: '127.0.0.1' });
  return {
    sim,
    simBase,
    bff,
    bffBase,
    appid: env.WECHAT_APPID,
    officialAccountAppid: OFFICIAL_ACCOUNT_APPID,
    close: async () => {
      await bff.close();
      await sim.close();
    },
  };
}

/** JSON over HTTP, failing loudly with the body when the status is not 2xx. */
export async function call<T>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Polls until `probe` returns a value (work after a webhook runs in the background). */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
