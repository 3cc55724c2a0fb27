// The services a phone running dist/weapp talks to, in this process on free loopback ports: the
// WeChat emulator and the real BFF on in-memory PGlite, wired
// together as scripts/demo.mjs wires them.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { buildApp } from '@checkout/bff';
import { loadConfig } from '@checkout/bff/config';
import { buildSim, type InboxMessage } from '@checkout/wechat-sim';

export interface WeappStack {
  bff: string;
  sim: string;
  adminToken: string;
  inbox(openid: string): Promise<InboxMessage[]>;
  /** Stops the BFF (as if its host went down); the emulator stays up. */
  stopBff(): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

type Listening = Awaited<ReturnType<typeof buildSim>> | Awaited<ReturnType<typeof buildApp>>;

async function listenOn(app: Listening, port = 0): Promise<string> {
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
}

export async function startWeappStack(): Promise<WeappStack> {
  const sim = await buildSim({ timeScale: 0.01, logger: false });
  const simUrl = await listenOn(sim);
  const bffPort = await freePort();
  const bffUrl = `http://127.0.0.1:${bffPort}`;
  const adminToken = `weapp-e2e-${randomBytes(8).toString('hex')}`;
  const config = loadConfig({
    ...sim.sim.env(simUrl),
    ADMIN_TOKEN: adminToken,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    NOTIFY_BASE_URL: bffUrl,
    LOG_LEVEL: 'silent',
    DATABASE_URL: '',
  });
  const bff = await buildApp({
    config,
    database: { memory: true },
    notices: { pollIntervalMs: 40, retryBaseMs: 40, retryMaxMs: 400 },
  });
  await listenOn(bff, bffPort);
  let bffUp = true;
  return {
    bff: bffUrl,
    sim: simUrl,
    adminToken,
    async inbox(openid) {
      const response = await fetch(`${simUrl}/sim/inbox?openid=${encodeURIComponent(openid)}`);
      return (await response.json()) as InboxMessage[];
    },
    async stopBff() {
      if (bffUp) await bff.close();
      bffUp = false;
    },
    async close() {
      if (bffUp) await bff.close();
      await sim.close();
    },
  };
}
