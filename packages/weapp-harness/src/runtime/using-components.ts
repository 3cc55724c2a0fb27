// A page's or component's `usingComponents` (its .json), with each path resolved from the root.
// https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/

import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Tag name -> component module path (`components/badge/index`); empty without a .json. */
export function usingComponents(root: string, owner: string): Map<string, string> {
  let json: { usingComponents?: Record<string, string> };
  try {
    json = JSON.parse(readFileSync(join(root, `${owner}.json`), 'utf8'));
  } catch {
    return new Map();
  }
  return new Map(
    Object.entries(json.usingComponents ?? {}).map(([tag, path]) => [
      tag,
      posix.normalize(path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(owner), path)),
    ]),
  );
}
