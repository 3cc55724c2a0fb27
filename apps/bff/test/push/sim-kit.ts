// The WeChat emulator as the sending side: in-process on a random port, with the BFF's push settings.

import { buildSim } from '@checkout/wechat-sim';
import type { FastifyInstance } from 'fastify';
import { APP, OFFICIAL_ACCOUNT } from './push-kit.js';

export async function startSim(): Promise<{ sim: FastifyInstance; close(): Promise<void> }> {
  const sim = await buildSim({
    apps: [{ appid: APP.appid, secret: 'sim-secret-0001' }],
    officialAccount: { appid: OFFICIAL_ACCOUNT.appid, secret: 'sim-oa-secret-0001' },
    push: {
      [APP.appid]: { token: APP.token, encodingAESKey: APP.encodingAESKey },
      [OFFICIAL_ACCOUNT.appid]: {
        token: OFFICIAL_ACCOUNT.token,
        encodingAESKey: OFFICIAL_ACCOUNT.encodingAESKey,
      },
    },
    pushTimeoutMs: 5000,
  });
  await sim.ready();
  return { sim, close: () => sim.close() };
}

/** Listens on a random loopback port and returns the push URL WeChat would be given. */
export async function listenForPush(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}/wx/push/${APP.appid}`;
}

/** The push URL of the Official Account on the same server as the mini-program's `url`. */
export const officialAccountUrl = (url: string) =>
  url.replace(`/wx/push/${APP.appid}`, `/wx/push/${OFFICIAL_ACCOUNT.appid}`);

export interface SimPushOutcome {
  delivered: boolean;
  attempts: { status: number; body: string; error?: string }[];
}

export async function simPush(
  sim: FastifyInstance,
  route: '/sim/push' | '/sim/push/card-event',
  payload: Record<string, unknown>,
): Promise<SimPushOutcome> {
  // Card events come from the Official Account, every other push from the mini-program.
  const appid = route === '/sim/push/card-event' ? OFFICIAL_ACCOUNT.appid : APP.appid;
  const res = await sim.inject({ method: 'POST', url: route, payload: { appid, ...payload } });
  if (res.statusCode !== 200) throw new Error(`${route} answered ${res.statusCode}: ${res.body}`);
  return res.json() as SimPushOutcome;
}
