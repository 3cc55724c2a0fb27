import { createServer, type Server } from 'node:http';
import { buildSim } from '@checkout/wechat-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileWxml } from '../src/compile/wechat-compilers.js';
import { loadTemplates, type Templates } from '../src/render/templates.js';
import { DEVTOOLS_FORM_ID, launch, type MiniProgram } from '../src/runtime/mini-program.js';
import { FIXTURE } from './copy-fixture.js';

type Shopper = Parameters<typeof launch>[0]['shopper'];

let templates: Templates;
let sim: Awaited<ReturnType<typeof buildSim>>;
let simUrl: string;
let echo: Server;
let echoUrl: string;
let mp: MiniProgram | undefined;

const events = (program: MiniProgram) => (program.app.globalData as { events: string[] }).events;

async function open(entry = 'pages/index/index', shopper: Shopper = { openid: 'o-fixture' }) {
  mp = await launch({ root: FIXTURE, emulator: simUrl, shopper, entry, templates });
  return mp;
}

beforeAll(async () => {
  templates = loadTemplates(compileWxml(FIXTURE));
  sim = await buildSim({ logger: false });
  await sim.listen({ port: 0, host: '127.0.0.1' });
  simUrl = `http://127.0.0.1:${(sim.server.address() as { port: number }).port}`;
  // Echoes what arrived, so a test sees exactly what wx.request sent.
  echo = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.writeHead(request.url?.startsWith('/text') ? 200 : 201, {
        'content-type': 'application/json',
      });
      response.end(
        request.url?.startsWith('/text')
          ? 'plain words'
          : JSON.stringify({
              method: request.method,
              url: request.url,
              headers: request.headers,
              body: JSON.parse(body || 'null'),
            }),
      );
    });
  });
  await new Promise<void>((ready) => echo.listen(0, '127.0.0.1', ready));
  echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
});

afterEach(() => {
  mp?.close();
  mp = undefined;
});

afterAll(async () => {
  await sim?.close();
  echo?.close();
});

describe('a hand-written mini-program in the harness', () => {
  it('loads app.js and pages with require, then runs onLaunch, onShow and the page lifecycle in order', async () => {
    const program = await open('pages/index/index?from=test');
    await program.waitFor(() => events(program).includes('index ready'), 'onReady');
    expect(events(program)).toEqual([
      'launch pages/index/index',
      'app show',
      'index load {"from":"test"}',
      'index show',
      'index ready',
    ]);
    expect((program.app.globalData as { price: string }).price).toBe('¥12.34');
    expect(program.currentPage.route).toBe('pages/index/index');
  });

  it('renders the page with its data through the wcc templates, queryable by tag, class, id and text', async () => {
    const program = await open();
    const page = program.render();
    expect(page.queryAll('view.line')).toHaveLength(2);
    expect(page.queryAll('.line text.name').map((n) => n.text)).toEqual(['咖啡', '茶']);
    expect(page.get('.total').text).toBe('合计 ¥20.00');
    expect(page.get('[data-sku="B2"]').get('.qty').text).toBe('1');
    expect(page.byText('不冒泡').map((n) => n.tag)).toEqual(['text']);
    expect(() => page.get('.nothing-here')).toThrow('no element matches ".nothing-here"');
  });

  it('applies setData path keys, re-renders, and calls the setData callback after', async () => {
    const program = await open();
    await program.tap(program.queryAll('button.plus')[1]!);
    expect(
      program
        .render()
        .queryAll('.qty')
        .map((n) => n.text),
    ).toEqual(['1', '2']);
    expect(program.render().get('.total').text).toBe('合计 ¥28.00');
    await program.waitFor(() => program.query('.status')?.text === 'rendered 2', 'the setData callback');
    expect(program.currentPage.data.items).toEqual([
      { sku: 'A1', name: '咖啡', fen: 1200, qty: 1 },
      { sku: 'B2', name: '茶', fen: 800, qty: 2 },
    ]);
  });

  it("hands handlers WeChat's event object: type, timeStamp, target and currentTarget with id and dataset", async () => {
    const program = await open();
    await program.tap(program.queryAll('button.plus')[0]!);
    const event = program.currentPage.data.lastTap as Record<string, Record<string, unknown>>;
    expect(event.type).toBe('tap');
    expect(typeof event.timeStamp).toBe('number');
    expect(event.currentTarget?.dataset).toEqual({ index: 0 });
    expect(event.target?.dataset).toEqual({ index: 0 });
    expect(event.detail).toEqual({ x: 10, y: 10 });
  });

  it('bubbles a tap through bind handlers and stops it at a catch handler', async () => {
    const program = await open();
    await program.tap('.inner');
    await program.tap('.stops');
    expect(program.currentPage.data.taps).toEqual(['inner<-inner', 'outer<-inner', 'stopper<-undefined']);
  });

  it('fires the form submit with detail.value and a formId the emulator minted for the shopper', async () => {
    const program = await open();
    await program.tap('button.submit');
    const submitted = program.currentPage.data.submitted as { formId: string; value: unknown; type: string };
    expect(submitted.type).toBe('submit');
    expect(submitted.value).toEqual({ note: '少糖' });
    expect(submitted.formId).toMatch(/\S{8,}/);
    expect(submitted.formId).not.toBe(DEVTOOLS_FORM_ID);
  });

  it("hands out devtools' mock formId in devtools mode", async () => {
    const program = await open('pages/index/index', { openid: 'o-fixture', devtools: true });
    await program.tap('button.submit');
    expect((program.currentPage.data.submitted as { formId: string }).formId).toBe(
      'the formId is a mock one',
    );
  });

  it('refuses to tap a disabled button', async () => {
    const program = await open();
    program.currentPage.setData({ submitting: true });
    await expect(program.tap('button.submit')).rejects.toThrow('cannot tap a disabled <button>');
  });

  it('keeps the page stack: navigateTo with a query, getCurrentPages, navigateBack with onUnload and onShow', async () => {
    const program = await open();
    await program.tap('button.go');
    await program.waitFor(() => program.currentPage.route === 'pages/detail/index', 'the detail page');
    expect(program.render().get('.detail').text).toBe('商品 7');
    expect(program.pages.map((p) => p.route)).toEqual(['pages/index/index', 'pages/detail/index']);
    await program.tap('button.back');
    await program.waitFor(() => program.pages.length === 1, 'navigateBack');
    expect(events(program).slice(-4)).toEqual([
      'index hide',
      'detail load 7 of 2',
      'detail unload',
      'index show',
    ]);
  });

  it('gets a login code from the emulator for the shopper', async () => {
    const program = await open();
    await program.tap('button.login');
    const status = await program.waitFor(
      () => program.query('.status')?.text.match(/^login:ok (\S+)$/),
      'login',
    );
    expect(status[1]).toMatch(/\S{8,}/);
    expect(program.state.calls.map((c) => c.api)).toContain('login');
  });

  it('makes wx.request a real HTTP call: JSON body, headers, statusCode, parsed data', async () => {
    const program = await open(`pages/index/index?api=${echoUrl}`);
    await program.tap('button.fetch');
    await program.waitFor(() => program.query('.status')?.text === '201 世界 request:ok', 'the request');
    expect(program.state.requests).toEqual([
      expect.objectContaining({ method: 'POST', url: `${echoUrl}/echo`, statusCode: 201 }),
    ]);
  });

  it('fails wx.request with request:fail when nothing listens', async () => {
    const program = await open('pages/index/index?api=http://127.0.0.1:9');
    await program.tap('button.fetch');
    const status = await program.waitFor(
      () => program.query('.status')?.text.match(/^request:fail .+/),
      'the failure',
    );
    expect(status[0]).toContain('request:fail');
  });

  it('names what the bundle logged when a wait times out', async () => {
    const program = await open();
    await program.tap('button.complain');
    await expect(
      program.waitFor(() => program.query('.never'), 'something that never comes', 50),
    ).rejects.toThrow(
      'timed out after 50 ms waiting for something that never comes; the bundle logged:\nerror: the price list could not be read',
    );
  });

  it('renders a custom component with its properties, data and lifetimes; its methods and triggerEvent handle taps', async () => {
    const program = await open('pages/with-component/index');
    expect(program.components).toEqual(['components/badge/index']);
    const badge = program.render().get('price-badge');
    expect(badge.get('.badge-label').text).toBe('单价');
    expect(badge.get('.badge-fen').text).toBe('¥1200');
    // Its behavior's property default, data and created lifetime (which runs first).
    expect(badge.get('.badge-origin').text).toBe('behavior behavior,component');
    expect(badge.query('.badge-shown')?.text).toBe('已显示');
    await program.tap('.badge-fen');
    expect(program.render().get('.badge-taps').text).toBe('1');
    expect(program.render().get('.picked').text).toBe('picked 1200 1');
    // The tap itself bubbled out of the component to the page's wrapper.
    expect(program.currentPage.data.wrapperTaps).toBe(1);
  });

  it('fails naming the handler a WXML binds but the page lacks', async () => {
    const program = await open();
    await expect(program.tap('button.nowhere')).rejects.toThrow(
      'page pages/index/index has no method "noSuchMethod" to handle event "tap"',
    );
  });
});

describe('a broken mini-program fails loudly, naming the cause', () => {
  it('a page that throws in onLoad', async () => {
    await expect(open('pages/broken/index')).rejects.toThrow(
      'page pages/broken/index onLoad threw Error: the catalog is not there',
    );
  });

  it('a wx API the harness does not implement', async () => {
    await expect(open('pages/missing-api/index')).rejects.toThrow(
      'wx.getLocation is not implemented by the weapp harness',
    );
  });

  it('a global a mini-program does not have', async () => {
    await expect(open('pages/missing-global/index')).rejects.toThrow(
      'page pages/missing-global/index onLoad threw ReferenceError: document is not defined',
    );
  });
});
