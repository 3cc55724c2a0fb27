// A small CSS-like selector: compound parts `tag.class#id[attr="value"]`, separated by spaces
// for descendants. Enough for tests to name what they tap and read; anything else is refused.

import { HarnessError } from '../failures.js';

export interface Selector {
  tag?: string;
  id?: string;
  classes: string[];
  attrs: { name: string; value?: string }[];
}

interface Matchable {
  tag: string;
  id: string;
  classes: string[];
  attr(name: string): unknown;
}

const PART = /([.#]?)([A-Za-z0-9_-]+)|\[([A-Za-z0-9_:-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\]]*)))?\]/y;

export function parseSelector(selector: string): Selector[] {
  const chain = selector.trim().split(/\s+/).filter(Boolean).map(parseCompound(selector));
  if (chain.length === 0) throw new HarnessError('empty selector');
  return chain;
}

const parseCompound =
  (whole: string) =>
  (compound: string): Selector => {
    const selector: Selector = { classes: [], attrs: [] };
    PART.lastIndex = 0;
    while (PART.lastIndex < compound.length) {
      const start = PART.lastIndex;
      const match = PART.exec(compound);
      if (!match || match.index !== start) throw new HarnessError(`unsupported selector "${whole}"`);
      const [, prefix, name, attrName, dq, sq, bare] = match;
      if (attrName) selector.attrs.push({ name: attrName, value: dq ?? sq ?? bare });
      else if (prefix === '.') selector.classes.push(name!);
      else if (prefix === '#') selector.id = name;
      else selector.tag = name;
    }
    return selector;
  };

export function matches(node: Matchable, selector: Selector): boolean {
  if (selector.tag && node.tag !== selector.tag) return false;
  if (selector.id && node.id !== selector.id) return false;
  if (!selector.classes.every((name) => node.classes.includes(name))) return false;
  return selector.attrs.every(({ name, value }) => {
    const actual = node.attr(name);
    return value === undefined ? actual !== undefined : actual !== undefined && String(actual) === value;
  });
}
