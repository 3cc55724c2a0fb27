// The global scope of a mini-program's logic layer, as a Node vm context: App, Page, Component,
// Behavior, getApp, getCurrentPages, wx, timers and a console. Nothing else of Node or a browser
// is there, so a bundle reaching for another global fails with a ReferenceError naming it.

import vm from 'node:vm';
import type { Failures } from '../failures.js';
import type { ToRealm } from '../wx/callbacks.js';
import { withBehaviors } from './behaviors.js';

export interface Registrations {
  app?: Record<string, unknown>;
  /** Page() / Component() definitions by the module path being loaded (`pages/index/index`). */
  definitions: Map<string, { kind: 'page' | 'component'; options: Record<string, unknown> }>;
}

export interface LogicLayer {
  context: vm.Context;
  registrations: Registrations;
  toRealm: ToRealm;
  /** The module being evaluated, so Page()/Component() know whose definition they register. */
  loading: { path: string | undefined };
  /** Every console line of the bundle, for a test to print when it fails. */
  logs: string[];
  clearTimers(): void;
}

/** Taro's fallback for an absent wx API: it warns and returns undefined. */
const TARO_UNSUPPORTED = /^小程序暂不支持 (\S+)/;

export function createLogicLayer(
  failures: Failures,
  getCurrentPages: () => unknown[],
  wx: () => unknown,
): LogicLayer {
  const registrations: Registrations = { definitions: new Map() };
  const loading: { path: string | undefined } = { path: undefined };
  const logs: string[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const log =
    (level: string) =>
    (...parts: unknown[]) => {
      const line = parts.map((p) => (p instanceof Error ? (p.stack ?? p.message) : String(p))).join(' ');
      logs.push(`${level}: ${line}`);
      const unsupported = TARO_UNSUPPORTED.exec(line);
      if (unsupported) {
        throw failures.add(
          `wx.${unsupported[1]} is not implemented by the weapp harness (Taro.${unsupported[1]} was called)`,
        );
      }
    };

  const register = (kind: 'page' | 'component') => (options: Record<string, unknown>) => {
    if (!loading.path)
      throw failures.add(`${kind === 'page' ? 'Page' : 'Component'}() called outside a page module`);
    registrations.definitions.set(loading.path, {
      kind,
      options: kind === 'component' ? withBehaviors(options) : options,
    });
  };

  const context = vm.createContext({
    console: {
      log: log('log'),
      info: log('info'),
      debug: log('debug'),
      warn: log('warn'),
      error: log('error'),
    },
    setTimeout: (run: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run(...args);
      }, ms);
      timers.add(timer);
      return timer;
    },
    clearTimeout: (timer: NodeJS.Timeout) => {
      timers.delete(timer);
      clearTimeout(timer);
    },
    setInterval: (run: () => void, ms?: number) => {
      const timer = setInterval(run, ms);
      timers.add(timer);
      return timer;
    },
    clearInterval: (timer: NodeJS.Timeout) => {
      timers.delete(timer);
      clearInterval(timer);
    },
    App: (options: Record<string, unknown>) => {
      if (registrations.app) throw failures.add('App() called twice');
      registrations.app = options;
    },
    Page: register('page'),
    Component: register('component'),
    // A behavior is a mixin definition, merged when a Component() lists it.
    Behavior: (options: Record<string, unknown>) => options,
    getApp: () => registrations.app,
    getCurrentPages,
  });
  Object.defineProperty(context, 'wx', { get: wx, enumerable: true });
  const realmJson = vm.runInContext('JSON', context) as JSON;
  const toRealm: ToRealm = (value) =>
    value === undefined ? undefined : realmJson.parse(JSON.stringify(value));
  return {
    context,
    registrations,
    toRealm,
    loading,
    logs,
    clearTimers: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
