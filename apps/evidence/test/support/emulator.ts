// The WeChat emulator in this process on a random loopback port, with the keys the BFF is given.

import {
  type BffEnv,
  buildSim,
  createSimKeys,
  type InboxMessage,
  type SimKeys,
  type SimOptions,
  simEnv,
} from '@checkout/wechat-sim';
import type { FastifyInstance } from 'fastify';

export interface Emulator {
  app: FastifyInstance;
  url: string;
  keys: SimKeys;
  env: BffEnv;
  appid: string;
  /** The push settings of the mini-program's own push endpoint. */
  push: { token: string; encodingAESKey: string; appid: string };
  post<T = unknown>(path: string, body: unknown): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
  inbox(openid: string): Promise<InboxMessage[]>;
  close(): Promise<void>;
}

let sharedKeys: SimKeys | undefined;
/** RSA key generation is the slow part; one set per test process. */
export function simKeys(): SimKeys {
  sharedKeys ??= createSimKeys();
  return sharedKeys;
}

export async function startEmulator(
  options: SimOptions = {},
  /** Sees every answer the emulator sends (the log scan collects the session keys and tokens it issued). */
  onAnswer?: (payload: string) => void,
): Promise<Emulator> {
  const keys = simKeys();
  const app = await buildSim({ ...keys, timeScale: 0.01, ...options });
  if (onAnswer) {
    app.addHook('onSend', async (_request, _reply, payload) => {
      if (typeof payload === 'string') onAnswer(payload);
      return payload;
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const appid = keys.apps[0]!.appid;
  const push = keys.push[appid]!;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T;
    if (!response.ok)
      throw new Error(`emulator ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    app,
    url,
    keys,
    env: simEnv(keys, url),
    appid,
    push: { ...push, appid },
    post: (path, body) => call('POST', path, body),
    get: (path) => call('GET', path),
    inbox: (openid) => call<InboxMessage[]>('GET', `/sim/inbox?openid=${encodeURIComponent(openid)}`),
    close: () => app.close(),
  };
}
