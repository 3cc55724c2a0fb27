// setData as WeChat applies it: each key is a path (`a.b`, `list[0].name`, Taro's `root.cn.[0].v`)
// into the current data; values replace what is at the path, creating objects/arrays on the way.
// https://developers.weixin.qq.com/miniprogram/dev/reference/api/Page.html#Page-prototype-setData-Object-data-Function-callback

import { HarnessError } from '../failures.js';

type Segment = string | number;

export function parseDataPath(path: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|(\.)/gy;
  pattern.lastIndex = 0;
  while (pattern.lastIndex < path.length) {
    const match = pattern.exec(path);
    if (!match) break;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
  }
  if (pattern.lastIndex !== path.length || segments.length === 0) {
    throw new HarnessError(`setData: invalid data path "${path}"`);
  }
  return segments;
}

type Container = Record<string | number, unknown>;

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Applies one setData payload to `data` in place. */
export function applySetData(data: Container, patch: Record<string, unknown>): void {
  for (const [path, value] of Object.entries(patch)) {
    const segments = parseDataPath(path);
    let target: Container = data;
    for (const [index, segment] of segments.slice(0, -1).entries()) {
      const next = target[segment];
      if (!isContainer(next)) target[segment] = typeof segments[index + 1] === 'number' ? [] : {};
      target = target[segment] as Container;
    }
    // WeChat sends the value to the view as JSON: a copy, functions and undefined dropped.
    target[segments[segments.length - 1]!] =
      value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }
}
