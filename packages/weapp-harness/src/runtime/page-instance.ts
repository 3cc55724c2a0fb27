// A page as WeChat makes one from its Page() options: the options' fields and methods on the
// instance, a copy of `data`, `route` and `options`, and setData that updates data for the next
// render and calls back after it.
// https://developers.weixin.qq.com/miniprogram/dev/reference/api/Page.html

import type { Failures } from '../failures.js';
import type { ToRealm } from '../wx/callbacks.js';
import { applySetData } from './set-data.js';

export interface PageInstance {
  route: string;
  __route__: string;
  options: Record<string, string>;
  data: Record<string, unknown>;
  setData(patch: Record<string, unknown>, callback?: () => void): void;
  [member: string]: unknown;
}

export interface PageHooks {
  failures: Failures;
  toRealm: ToRealm;
  /** Runs after the view applied a setData (WeChat calls back once the render is done). */
  later(run: () => void): void;
}

export function createPageInstance(
  definition: Record<string, unknown>,
  route: string,
  query: Record<string, string>,
  hooks: PageHooks,
): PageInstance {
  const instance = {} as PageInstance;
  for (const [name, value] of Object.entries(definition)) {
    if (name !== 'data') instance[name] = value;
  }
  Object.assign(instance, {
    route,
    __route__: route,
    options: hooks.toRealm(query),
    data: hooks.toRealm(definition.data ?? {}),
    setData(patch: Record<string, unknown>, callback?: () => void) {
      applySetData(instance.data, patch);
      if (callback) hooks.later(() => callback.call(instance));
    },
  });
  return instance;
}

/** Calls a lifecycle or handler on the instance; a throw is recorded as a failure naming both. */
export function callMember(
  instance: Record<string, unknown>,
  owner: string,
  name: string,
  args: unknown[],
  failures: Failures,
): unknown {
  const member = instance[name];
  if (typeof member !== 'function') return undefined;
  try {
    return member.apply(instance, args);
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw failures.add(`${owner} ${name} threw ${detail}`);
  }
}
