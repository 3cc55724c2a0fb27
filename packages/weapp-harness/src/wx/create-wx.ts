// The `wx` object the bundle sees. Only what is implemented here exists (Object.keys lists it, which
// is how Taro decides which Taro.* APIs to wire); calling anything else is a recorded failure naming
// the API, never a silent no-op.

import type { Failures } from '../failures.js';
import type { ToRealm } from './callbacks.js';
import type { Emulator } from './emulator.js';
import { interactionApis } from './interaction.js';
import { type Navigator, navigationApis } from './navigation.js';
import { type OriginMap, requestApi } from './network.js';
import { openApis } from './open-api.js';
import type { ShopperControls, WxState } from './state.js';
import { storageApis } from './storage.js';
import { systemApis } from './system.js';

export interface WxDependencies {
  state: WxState;
  shopper: ShopperControls;
  emulator: Emulator;
  navigator: Navigator;
  failures: Failures;
  toRealm: ToRealm;
  origins?: OriginMap;
}

/** Read before it is written by webpack's runtime (`wx.webpackJsonp = wx.webpackJsonp || []`). */
const BUNDLER_SLOTS = new Set(['webpackJsonp']);

export function createWx(deps: WxDependencies): Record<string, unknown> {
  const { state, failures, toRealm } = deps;
  const apis: Record<string, unknown> = {
    request: requestApi(state, toRealm, deps.origins),
    ...storageApis(state, toRealm),
    ...interactionApis(state, toRealm),
    ...openApis(state, deps.shopper, deps.emulator, toRealm),
    ...navigationApis(deps.navigator, toRealm),
    ...systemApis(toRealm),
  };
  const wx: Record<string, unknown> = {};
  for (const [name, api] of Object.entries(apis)) {
    wx[name] =
      typeof api === 'function'
        ? (...args: unknown[]) => {
            state.calls.push({ api: name, at: Date.now() });
            return api(...args);
          }
        : api;
  }
  return new Proxy(wx, {
    get(target, name) {
      if (typeof name !== 'string' || name in target || BUNDLER_SLOTS.has(name)) {
        return Reflect.get(target, name);
      }
      // Reading an absent API is how bundles feature-detect; calling it is the failure.
      return () => {
        throw failures.add(`wx.${name} is not implemented by the weapp harness (the bundle called it)`);
      };
    },
  });
}
