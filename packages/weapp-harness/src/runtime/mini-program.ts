// A mini-program running headless: launch it from its folder, then read and tap its pages the way a
// shopper would, while wx.* talks to real HTTP services and the WeChat emulator.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileWxml } from '../compile/wechat-compilers.js';
import { Failures, HarnessError } from '../failures.js';
import { loadTemplates, type Templates } from '../render/templates.js';
import type { ElementNode } from '../render/tree.js';
import { createWx } from '../wx/create-wx.js';
import { createEmulator, type Emulator } from '../wx/emulator.js';
import { createWxState, type ShopperControls, type WxState } from '../wx/state.js';
import { createLogicLayer, type LogicLayer } from './context.js';
import { eventPath } from './events.js';
import { createModuleLoader } from './module-loader.js';
import { callMember, type PageInstance } from './page-instance.js';
import { PageStack } from './page-stack.js';
import { Renderer } from './renderer.js';

export interface LaunchOptions {
  /** The mini-program folder: app.json, app.js, pages. */
  root: string;
  /** Base URL of the WeChat emulator (login codes, formIds, cashier, subscribe accepts). */
  emulator: string;
  /** The mini-program's appid at the emulator (the emulator's first app when unset). */
  appid?: string;
  shopper: Partial<ShopperControls> & { openid: string };
  /** The page to open (`pages/a/index?x=1`); the first page of app.json by default. */
  entry?: string;
  /**
   * Where wx.request really goes for an origin baked into the bundle (`{'http://127.0.0.1:3000':
   * bffUrl}`), as a phone's DNS would: the bundle is tested as built.
   */
  origins?: Readonly<Record<string, string>>;
  /** WXML already compiled by wcc (`compileWxml(root)`), to compile once for many launches. */
  templates?: Templates;
}

/** WeChat devtools' formId: never a real credential. */
export const DEVTOOLS_FORM_ID = 'the formId is a mock one';

export class MiniProgram {
  readonly failures = new Failures();
  readonly state: WxState = createWxState();
  readonly shopper: ShopperControls;
  private readonly stack: PageStack;
  private readonly layer: LogicLayer;
  private readonly templates: Templates;
  private readonly emulator: Emulator;
  private readonly pagesJson: string[];
  private readonly renderer: Renderer;
  private readonly openedAt = Date.now();

  constructor(private readonly options: LaunchOptions) {
    this.shopper = { cashier: [], subscribe: () => 'reject', devtools: false, ...options.shopper };
    this.templates = options.templates ?? loadTemplates(compileWxml(options.root));
    this.emulator = createEmulator(options.emulator, options.appid);
    const appJson = JSON.parse(readFileSync(join(options.root, 'app.json'), 'utf8')) as { pages?: string[] };
    if (!appJson.pages?.length) throw new HarnessError(`${options.root}/app.json lists no pages`);
    this.layer = createLogicLayer(
      this.failures,
      () => [...this.stack.pages],
      () => wx,
    );
    const modules = createModuleLoader(options.root, this.layer.context);
    this.stack = new PageStack({
      root: options.root,
      pages: appJson.pages,
      layer: this.layer,
      modules,
      failures: this.failures,
      hooks: { later: (run) => this.layer.context.setTimeout(run, 0) },
    });
    const wx = createWx({
      state: this.state,
      shopper: this.shopper,
      emulator: this.emulator,
      navigator: this.stack,
      failures: this.failures,
      toRealm: this.layer.toRealm,
      origins: options.origins,
    });
    this.renderer = new Renderer({
      root: options.root,
      templates: this.templates,
      layer: this.layer,
      failures: this.failures,
      later: (run) => this.layer.context.setTimeout(run, 0),
      dispatch: (node, type, detail, bubbles) => this.dispatch(node, type, detail, bubbles),
    });
    this.pagesJson = appJson.pages;
    modules.load('app.js');
  }

  /** onLaunch + onShow of the app, then the entry page; fails on anything recorded meanwhile. */
  async start(): Promise<this> {
    const app = this.app;
    await this.emulator.ensureUser(this.shopper.openid);
    const entry = this.stack.parseUrl(`/${this.options.entry ?? this.pagesJson[0]}`);
    const launch = this.layer.toRealm({
      path: entry.route,
      query: entry.query,
      scene: 1001,
      referrerInfo: {},
    });
    callMember(app, 'App', 'onLaunch', [launch], this.failures);
    callMember(app, 'App', 'onShow', [launch], this.failures);
    await this.stack.reLaunch(`/${this.options.entry ?? this.pagesJson[0]}`);
    await new Promise((settle) => setTimeout(settle, 0));
    this.failures.assertNone();
    return this;
  }

  /** The object App() registered (what getApp() returns). */
  get app(): Record<string, unknown> {
    const app = this.layer.registrations.app;
    if (!app) throw new HarnessError('app.js did not call App()');
    return app;
  }

  /** Paths of the custom components whose Component() ran (loaded with the pages using them). */
  get components(): string[] {
    const { definitions } = this.layer.registrations;
    return [...definitions].filter(([, definition]) => definition.kind === 'component').map(([path]) => path);
  }

  get pages(): readonly PageInstance[] {
    return this.stack.pages;
  }

  get currentPage(): PageInstance {
    const top = this.stack.top;
    if (!top) throw new HarnessError('no page is open');
    return top;
  }

  /** The page on top rendered with its current data through the wcc-compiled WXML, components included. */
  render(): ElementNode {
    return this.renderer.renderPage(this.currentPage);
  }

  query(selector: string): ElementNode | undefined {
    return this.render().query(selector);
  }

  queryAll(selector: string): ElementNode[] {
    return this.render().queryAll(selector);
  }

  /** Polls until `probe` returns a value (not undefined/null/false); fails early on a recorded failure. */
  async waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.failures.assertNone();
      const value = probe();
      if (value !== undefined && value !== null && value !== false) return value;
      if (Date.now() > deadline) {
        // What the bundle complained about (a React error, a failed request) usually names the cause.
        const complaints = this.layer.logs.filter((line) => /^(warn|error): /.test(line)).slice(-5);
        const logged = complaints.length > 0 ? `; the bundle logged:\n${complaints.join('\n')}` : '';
        throw new HarnessError(`timed out after ${timeoutMs} ms waiting for ${what}${logged}`);
      }
      await new Promise((settle) => setTimeout(settle, 10));
    }
  }

  /** A shopper's tap: touchstart, touchend, tap; on a submit button inside a form, then the form's submit. */
  async tap(target: string | ElementNode): Promise<void> {
    const tree = this.render();
    const node = typeof target === 'string' ? tree.get(target) : target;
    if (node.attr('disabled') === true) throw new HarnessError(`cannot tap a disabled <${node.tag}>`);
    for (const type of ['touchstart', 'touchend', 'tap']) this.dispatch(node, type, { x: 10, y: 10 });
    const formType = node.tag === 'button' ? (node.attr('form-type') ?? node.attr('formType')) : undefined;
    const form = node.ancestors().find((ancestor) => ancestor.tag === 'form');
    if (form && formType === 'submit') await this.submit(form);
  }

  // https://developers.weixin.qq.com/miniprogram/dev/component/form.html: detail.value, and
  // detail.formId when report-submit is on.
  private async submit(form: ElementNode): Promise<void> {
    const value: Record<string, unknown> = {};
    for (const field of form.descendants()) {
      const name = field.attr('name');
      if (typeof name === 'string' && name !== '') value[name] = field.attr('value') ?? '';
    }
    const reports = form.attr('report-submit') === true || form.attr('reportSubmit') === true;
    const detail: Record<string, unknown> = { value };
    if (reports) {
      const formId = this.shopper.devtools
        ? DEVTOOLS_FORM_ID
        : await this.emulator.mintFormId(this.shopper.openid);
      this.state.formIds.push(formId);
      detail.formId = formId;
    }
    this.dispatch(form, 'submit', detail);
  }

  private dispatch(node: ElementNode, type: string, detail: unknown, bubbles?: boolean): void {
    const page = this.currentPage;
    // WeChat's timeStamp counts from when the page opened; from launch is close enough for handlers.
    const calls = eventPath(node, type, detail, Date.now() - this.openedAt, bubbles);
    for (const call of calls) {
      const owner = call.node.owner ?? { name: `page ${page.route}`, instance: page };
      if (typeof owner.instance[call.handler] !== 'function') {
        // WeChat only warns here; a handler that does not exist is a broken page.
        throw this.failures.add(`${owner.name} has no method "${call.handler}" to handle event "${type}"`);
      }
      callMember(owner.instance, owner.name, call.handler, [this.layer.toRealm(call.event)], this.failures);
    }
  }

  /** The bundle's console output, for diagnosing a failed test. */
  get logs(): readonly string[] {
    return this.layer.logs;
  }

  /** Unloads the pages and stops the bundle's timers. */
  close(): void {
    this.stack.closeAll();
    this.layer.clearTimers();
  }
}

export async function launch(options: LaunchOptions): Promise<MiniProgram> {
  return new MiniProgram(options).start();
}
