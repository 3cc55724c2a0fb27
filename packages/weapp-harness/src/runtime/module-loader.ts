// WeChat's module system in a Node vm context: each .js file is a module with its own `require`
// (relative to the file, `.js` optional), `module` and `exports`, evaluated once.
// https://developers.weixin.qq.com/miniprogram/dev/reference/api/require.html

import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import vm from 'node:vm';
import { HarnessError } from '../failures.js';

interface Module {
  exports: unknown;
}

export interface ModuleLoader {
  /** Evaluates (once) the module at a path relative to the mini-program root, e.g. `app.js`. */
  load(path: string): unknown;
}

export function createModuleLoader(root: string, context: vm.Context): ModuleLoader {
  const cache = new Map<string, Module>();

  function resolve(from: string, request: string): string {
    const joined = request.startsWith('/') ? request.slice(1) : posix.join(posix.dirname(from), request);
    const path = posix.normalize(joined);
    if (path.startsWith('..'))
      throw new HarnessError(`require("${request}") from ${from} leaves the mini-program`);
    const candidates = path.endsWith('.js') ? [path] : [`${path}.js`, `${path}/index.js`];
    const found = candidates.find((candidate) => existsSync(join(root, candidate)));
    if (!found) throw new HarnessError(`require("${request}") from ${from}: module ${path} not found`);
    return found;
  }

  function load(path: string): unknown {
    const cached = cache.get(path);
    if (cached) return cached.exports;
    const module: Module = { exports: {} };
    cache.set(path, module);
    const source = readFileSync(join(root, path), 'utf8');
    const factory = vm.runInContext(`(function (require, module, exports) {${source}\n})`, context, {
      filename: join(root, path),
    }) as (require: (request: string) => unknown, module: Module, exports: unknown) => void;
    factory((request) => load(resolve(path, request)), module, module.exports);
    return module.exports;
  }

  return { load };
}
