// Runs the `$gwx` code wcc generated and renders a page's WXML with its data into an element tree.
// The generated code only logs problems (e.g. "Template `x` not found."): here each one is a failure.

import vm from 'node:vm';
import { HarnessError } from '../failures.js';
import { type ElementNode, fromCompiled, type RawNode } from './tree.js';

type PageRender = (data: unknown, env: object, global: object) => RawNode | undefined;
type Gwx = (path: string) => PageRender | undefined;

export interface Templates {
  /** Renders `path` (e.g. `pages/index/index.wxml`) with `data`; throws on any warning of the templates. */
  render(path: string, data: unknown): ElementNode;
}

export function loadTemplates(gwxSource: string): Templates {
  const warnings: string[] = [];
  const record = (...parts: unknown[]) => warnings.push(parts.map(String).join(' '));
  // The generated code expects a browser-like global (window, __wxAppCode__).
  const context = vm.createContext({
    console: { log: () => {}, info: () => {}, debug: () => {}, warn: record, error: record },
    window: {},
    __wxAppCode__: {},
  });
  const gwx = vm.runInContext(`(function () {${gwxSource}\nreturn $gwx;\n})()`, context, {
    filename: 'wcc-output.js',
  }) as Gwx;

  const realmJson = vm.runInContext('JSON', context) as JSON;

  return {
    render(path, data) {
      const render = gwx(path);
      if (typeof render !== 'function') {
        throw new HarnessError(`no compiled WXML for ${path} (wcc compiled no such file)`);
      }
      warnings.length = 0;
      // Data crosses into the templates' realm as JSON, as it does between WeChat's two threads.
      const tree = render(realmJson.parse(JSON.stringify(data ?? {})), {}, {});
      if (warnings.length > 0) {
        throw new HarnessError(`rendering ${path} failed: ${warnings.join('; ')}`);
      }
      if (!tree) throw new HarnessError(`rendering ${path} produced no tree`);
      return fromCompiled(tree);
    },
  };
}
