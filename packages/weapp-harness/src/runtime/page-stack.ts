// The page stack and the page lifecycle: navigateTo pushes (onHide below, onLoad(query) + onShow on
// top, onReady after the first render), redirectTo replaces (onUnload), navigateBack pops, reLaunch
// clears; at most 10 pages, as on a phone. Page modules are evaluated on first use.
// https://developers.weixin.qq.com/miniprogram/dev/framework/app-service/route.html

import { posix } from 'node:path';
import type { Failures } from '../failures.js';
import { WxFail } from '../wx/callbacks.js';
import type { Navigator } from '../wx/navigation.js';
import type { LogicLayer } from './context.js';
import type { ModuleLoader } from './module-loader.js';
import { callMember, createPageInstance, type PageHooks, type PageInstance } from './page-instance.js';
import { usingComponents } from './using-components.js';

const MAX_PAGES = 10;

export interface PageStackOptions {
  root: string;
  pages: readonly string[];
  layer: LogicLayer;
  modules: ModuleLoader;
  failures: Failures;
  hooks: Omit<PageHooks, 'failures' | 'toRealm'>;
}

export class PageStack implements Navigator {
  readonly pages: PageInstance[] = [];

  constructor(private readonly options: PageStackOptions) {}

  get top(): PageInstance | undefined {
    return this.pages[this.pages.length - 1];
  }

  /** `/pages/a/index?x=1` or `../b/index` (relative to the page on top) to a route and its query. */
  parseUrl(url: string): { route: string; query: Record<string, string> } {
    const mark = url.indexOf('?');
    const [path, search] = mark < 0 ? [url, ''] : [url.slice(0, mark), url.slice(mark + 1)];
    const from = this.top ? posix.dirname(this.top.route) : '';
    const route = posix.normalize(path.startsWith('/') ? path.slice(1) : posix.join(from, path));
    if (!this.options.pages.includes(route)) throw new WxFail(`page "${route}" is not found`);
    // WeChat hands onLoad the query values as they are in the URL.
    const query: Record<string, string> = {};
    for (const pair of search.split('&').filter(Boolean)) {
      const equals = pair.indexOf('=');
      if (equals < 0) query[pair] = '';
      else query[pair.slice(0, equals)] = pair.slice(equals + 1);
    }
    return { route, query };
  }

  async navigateTo(url: string): Promise<void> {
    if (this.pages.length >= MAX_PAGES) throw new WxFail('webview count limit exceed');
    const target = this.parseUrl(url);
    this.lifecycle(this.top, 'onHide');
    this.open(target.route, target.query);
  }

  async redirectTo(url: string): Promise<void> {
    const target = this.parseUrl(url);
    this.unload(1);
    this.open(target.route, target.query);
  }

  async reLaunch(url: string): Promise<void> {
    const target = this.parseUrl(url);
    this.unload(this.pages.length);
    this.open(target.route, target.query);
  }

  async navigateBack(delta: number): Promise<void> {
    if (this.pages.length <= 1) throw new WxFail('cannot navigate back at first page.');
    this.unload(Math.min(delta, this.pages.length - 1));
    this.lifecycle(this.top, 'onShow');
  }

  /** Unloads every page (the mini-program closes). */
  closeAll(): void {
    this.unload(this.pages.length);
  }

  private unload(count: number): void {
    for (let i = 0; i < count; i++) {
      const page = this.pages.pop();
      this.lifecycle(page, 'onUnload');
    }
  }

  private lifecycle(page: PageInstance | undefined, name: string, ...args: unknown[]): void {
    if (!page) return;
    try {
      callMember(page, `page ${page.route}`, name, args, this.options.failures);
    } catch {
      // Recorded as a failure; WeChat carries on with the next page event as well.
    }
  }

  // Evaluates a page or component module once, so its Page()/Component() registers under its path.
  private loadModule(path: string, kind: 'page' | 'component'): void {
    const { layer, modules, failures } = this.options;
    if (layer.registrations.definitions.has(path)) return;
    layer.loading.path = path;
    try {
      modules.load(`${path}.js`);
    } catch (error) {
      throw failures.add(`${kind} ${path} failed to load: ${(error as Error).message}`);
    } finally {
      layer.loading.path = undefined;
    }
    // WeChat loads the custom components a page or component uses with it.
    for (const component of usingComponents(this.options.root, path).values()) {
      this.loadModule(component, 'component');
    }
  }

  private definition(route: string): Record<string, unknown> {
    const { layer, failures } = this.options;
    this.loadModule(route, 'page');
    const registered = layer.registrations.definitions.get(route);
    if (!registered) throw failures.add(`page ${route} did not call Page()`);
    if (registered.kind !== 'page')
      throw failures.add(`page ${route} is built with Component(), which the harness does not run`);
    return registered.options;
  }

  private open(route: string, query: Record<string, string>): void {
    const { layer, failures, hooks } = this.options;
    const page = createPageInstance(this.definition(route), route, query, {
      ...hooks,
      failures,
      toRealm: layer.toRealm,
    });
    this.pages.push(page);
    this.lifecycle(page, 'onLoad', layer.toRealm(query));
    this.lifecycle(page, 'onShow');
    hooks.later(() => this.lifecycle(page, 'onReady'));
  }
}
