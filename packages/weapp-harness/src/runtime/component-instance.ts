// A custom component as WeChat makes one from its Component() options: `data` holds the declared
// properties (defaults, then the values its tag passes) and its own data; `methods` sit on the
// instance; `created`, `attached` and `ready` run once; triggerEvent reaches the host tag's handler.
// https://developers.weixin.qq.com/miniprogram/dev/reference/api/Component.html

import type { ToRealm } from '../wx/callbacks.js';
import { applySetData } from './set-data.js';

type PropertyType = typeof String | typeof Number | typeof Boolean | typeof Object | typeof Array | null;
type PropertySpec = PropertyType | { type?: PropertyType; value?: unknown };

export interface ComponentInstance {
  is: string;
  data: Record<string, unknown>;
  properties: Record<string, unknown>;
  setData(patch: Record<string, unknown>, callback?: () => void): void;
  triggerEvent(name: string, detail?: unknown, options?: { bubbles?: boolean }): void;
  [member: string]: unknown;
}

export interface ComponentHooks {
  toRealm: ToRealm;
  later(run: () => void): void;
  /** Delivers a triggerEvent to the handler the host tag binds. */
  trigger(instance: ComponentInstance, name: string, detail: unknown, bubbles: boolean): void;
}

function defaultOf(spec: PropertySpec): unknown {
  if (spec && typeof spec === 'object' && 'value' in spec) return spec.value;
  const type = spec && typeof spec === 'object' ? spec.type : spec;
  if (type === Number) return 0;
  if (type === String) return '';
  if (type === Boolean) return false;
  if (type === Array) return [];
  return null;
}

export function declaredProperties(definition: Record<string, unknown>): Map<string, PropertySpec> {
  return new Map(Object.entries((definition.properties ?? {}) as Record<string, PropertySpec>));
}

export function createComponentInstance(
  definition: Record<string, unknown>,
  path: string,
  hooks: ComponentHooks,
): ComponentInstance {
  const defaults = Object.fromEntries(
    [...declaredProperties(definition)].map(([name, spec]) => [name, defaultOf(spec)]),
  );
  const data = hooks.toRealm({ ...defaults, ...((definition.data as object | undefined) ?? {}) }) as Record<
    string,
    unknown
  >;
  const instance = { ...((definition.methods as object | undefined) ?? {}) } as ComponentInstance;
  Object.assign(instance, {
    is: path,
    data,
    properties: data,
    setData(patch: Record<string, unknown>, callback?: () => void) {
      applySetData(instance.data, patch);
      if (callback) hooks.later(() => callback.call(instance));
    },
    triggerEvent(name: string, detail?: unknown, options?: { bubbles?: boolean }) {
      hooks.trigger(instance, name, detail ?? {}, options?.bubbles === true);
    },
  });
  return instance;
}

/** A lifetime from `lifetimes` (preferred by WeChat) or the top level of the options. */
export function lifetime(definition: Record<string, unknown>, name: string): unknown {
  const lifetimes = (definition.lifetimes ?? {}) as Record<string, unknown>;
  return lifetimes[name] ?? definition[name];
}
