import { describe, expect, it } from 'vitest';
import { applySetData, parseDataPath } from '../src/runtime/set-data.js';

describe('setData paths, as WeChat reads them', () => {
  it.each([
    ['total', ['total']],
    ['list[0].name', ['list', 0, 'name']],
    ['root.cn.[2].v', ['root', 'cn', 2, 'v']],
    ['a.b.c', ['a', 'b', 'c']],
  ])('%s', (path, segments) => {
    expect(parseDataPath(path)).toEqual(segments);
  });

  it('refuses a path that is not one', () => {
    expect(() => parseDataPath('list[x]')).toThrow('setData: invalid data path "list[x]"');
  });

  it('replaces what is at the path, creating objects and arrays on the way, and keeps the rest', () => {
    const data: Record<string, unknown> = { root: { cn: [{ v: 'a' }, { v: 'b' }] }, keep: 1 };
    applySetData(data, { 'root.cn.[1].v': 'B', 'list[1].name': 'x', 'deep.obj': { n: 1, f: () => 1 } });
    expect(data).toEqual({
      root: { cn: [{ v: 'a' }, { v: 'B' }] },
      keep: 1,
      list: [undefined, { name: 'x' }],
      deep: { obj: { n: 1 } },
    });
  });
});
