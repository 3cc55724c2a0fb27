// Behavior() mixins merged into a Component() definition as WeChat does: properties, data and methods
// of later behaviors and then the component itself win; each lifetime runs in every behavior first,
// then in the component.
// https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/behaviors.html

import { lifetime } from './component-instance.js';

type Definition = Record<string, unknown>;

const LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached'];
const MERGED_FIELDS = ['properties', 'data', 'methods'];

export function withBehaviors(definition: Definition): Definition {
  const behaviors = Array.isArray(definition.behaviors) ? (definition.behaviors as Definition[]) : [];
  if (behaviors.length === 0) return definition;
  const layers = [...behaviors.map(withBehaviors), definition];
  const merged: Definition = { ...definition, behaviors: [] };
  for (const field of MERGED_FIELDS) {
    merged[field] = Object.assign({}, ...layers.map((layer) => (layer[field] as object | undefined) ?? {}));
  }
  const lifetimes: Record<string, (this: unknown) => void> = {};
  for (const name of LIFETIMES) {
    const runs = layers.map((layer) => lifetime(layer, name)).filter((run) => typeof run === 'function');
    if (runs.length === 0) continue;
    lifetimes[name] = function runAll(this: unknown) {
      for (const run of runs) (run as (this: unknown) => void).call(this);
    };
  }
  merged.lifetimes = lifetimes;
  for (const name of LIFETIMES) delete merged[name];
  return merged;
}
