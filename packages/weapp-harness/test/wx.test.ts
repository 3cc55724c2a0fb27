import { createServer, type Server } from 'node:http';
import { buildSim } from '@checkout/wechat-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../src/wx/emulator.js';
import { requestApi } from '../src/wx/network.js';
import { openApis } from '../src/wx/open-api.js';
import { createWxState, type ShopperControls } from '../src/wx/state.js';
import { storageApis } from '../src/wx/storage.js';

const sameRealm = (value: unknown) => value;
let sim: Awaited<ReturnType<typeof buildSim>>;
let simUrl: string;
let server: Server;
let base: string;

beforeAll(async () => {
  sim = await buildSim({ logger: false });
  await sim.listen({ port: 0, host: '127.0.0.1' });
  simUrl = `http://127.0.0.1:${(sim.server.address() as { port: number }).port}`;
  // Answers with what it received; /text answers plain text.
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/text') return response.end('not json');
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ url: request.url, type: request.headers['content-type'], body }));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await sim?.close();
  server?.close();
});

function request(options: Record<string, unknown>): Promise<Record<string, unknown>> {
  const send = requestApi(createWxState(), sameRealm);
  return new Promise((settle) => {
    const answer = (reply: unknown) => settle(reply as Record<string, unknown>);
    send({ ...options, success: answer, fail: answer });
  });
}

describe('wx.request follows WeChat', () => {
  it('puts GET data in the query string; any HTTP status is a success with statusCode', async () => {
    const reply = await request({ url: `${base}/items?page=1`, data: { q: '咖啡', n: 2 } });
    expect(reply).toMatchObject({ errMsg: 'request:ok', statusCode: 404 });
    expect((reply.data as { url: string }).url).toBe('/items?page=1&q=%E5%92%96%E5%95%A1&n=2');
  });

  it('sends POST data as JSON by default and form-encoded when the header says so', async () => {
    const json = await request({ url: `${base}/a`, method: 'POST', data: { a: 1 } });
    expect(json.data).toMatchObject({ type: 'application/json', body: '{"a":1}' });
    const form = await request({
      url: `${base}/a`,
      method: 'POST',
      data: { a: 1, b: '二' },
      header: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.data).toMatchObject({ body: 'a=1&b=%E4%BA%8C' });
  });

  it('keeps a reply that is not JSON as text', async () => {
    expect((await request({ url: `${base}/text` })).data).toBe('not json');
  });

  it('fails with request:fail on a network error, an invalid url and an abort', async () => {
    expect((await request({ url: 'http://127.0.0.1:9/' })).errMsg).toMatch(/^request:fail /);
    expect((await request({ url: 'ftp://x/' })).errMsg).toBe('request:fail invalid url "ftp://x/"');
    const send = requestApi(createWxState(), sameRealm);
    const failed = new Promise((settle) => {
      const task = send({ url: `${base}/slow`, fail: settle }) as { abort(): void };
      task.abort();
    });
    expect(await failed).toEqual({ errMsg: 'request:fail abort' });
  });
});

describe('the shopper side of WeChat, on the emulator', () => {
  const shopper = (overrides: Partial<ShopperControls> = {}): ShopperControls => ({
    openid: 'o-wx-test',
    cashier: [],
    subscribe: () => 'reject',
    devtools: false,
    ...overrides,
  });

  it("answers a cashier with bad parameters with the emulator's requestPayment:fail", async () => {
    const state = createWxState();
    const emulator = createEmulator(simUrl);
    await emulator.ensureUser('o-wx-test');
    const apis = openApis(state, shopper(), emulator, sameRealm);
    const params = {
      timeStamp: '1',
      nonceStr: 'n',
      package: 'prepay_id=wx-unknown',
      signType: 'RSA',
      paySign: 'AAAA',
    };
    await expect(apis.requestPayment(params)).rejects.toEqual({
      errMsg: 'requestPayment:fail prepay_id wx-unknown is unknown',
    });
    expect(state.payments).toHaveLength(1);
  });

  it('records the accepts of a subscribe prompt in the emulator and answers per template', async () => {
    const state = createWxState();
    const emulator = createEmulator(simUrl);
    await emulator.ensureUser('o-wx-test');
    const config = (await (await fetch(`${simUrl}/sim/config`)).json()) as Record<string, string>;
    const [accepted, refused] = [
      config.NOTICE_PAY_SUCCESS_SUBSCRIBE_ID!,
      config.NOTICE_SHIPPED_SUBSCRIBE_ID!,
    ];
    const apis = openApis(
      state,
      shopper({ subscribe: (id) => (id === accepted ? 'accept' : 'reject') }),
      emulator,
      sameRealm,
    );
    expect(await apis.requestSubscribeMessage({ tmplIds: [accepted, refused] })).toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      [accepted]: 'accept',
      [refused]: 'reject',
    });
    expect(state.subscribePrompts).toHaveLength(1);
  });

  it('reads a missing storage key as an empty string and stores copies', () => {
    const state = createWxState();
    const storage = storageApis(state, sameRealm);
    expect(storage.getStorageSync('nothing')).toBe('');
    const value = { n: 1 };
    storage.setStorageSync('k', value);
    value.n = 2;
    expect(storage.getStorageSync('k')).toEqual({ n: 1 });
  });
});
