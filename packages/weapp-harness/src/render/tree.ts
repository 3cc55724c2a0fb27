// The element tree a rendered page becomes, queryable as a test would a DOM: by tag, class, id,
// attribute and text. Tags drop wcc's `wx-` prefix (`wx-view` is `view`).

import { HarnessError } from '../failures.js';
import { matches, parseSelector, type Selector } from './selector.js';

/** What wcc's generated render functions return. */
export interface RawNode {
  tag: string;
  attr?: Record<string, unknown>;
  children?: (RawNode | string | number)[];
}

export type TreeChild = ElementNode | string;

/** The page or component whose methods handle the events of a node (its WXML's owner). */
export interface HandlerOwner {
  name: string;
  instance: Record<string, unknown>;
}

export class ElementNode {
  readonly children: TreeChild[] = [];
  /** Set by the runtime once it knows which page or component rendered this node. */
  owner: HandlerOwner | undefined;

  constructor(
    readonly tag: string,
    readonly attrs: Readonly<Record<string, unknown>>,
    /** Changes only when a custom component's own tree is attached under its tag. */
    public parent: ElementNode | undefined,
  ) {}

  get id(): string {
    return typeof this.attrs.id === 'string' ? this.attrs.id : '';
  }

  get classes(): string[] {
    return typeof this.attrs.class === 'string' ? this.attrs.class.split(/\s+/).filter(Boolean) : [];
  }

  /** `data-*` attributes as WeChat's event dataset: `data-order-sn` becomes `orderSn`. */
  get dataset(): Record<string, unknown> {
    const dataset: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(this.attrs)) {
      if (!name.startsWith('data-')) continue;
      dataset[name.slice(5).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
    }
    return dataset;
  }

  /** The text of this node and its descendants, as a user reads it. */
  get text(): string {
    return this.children.map((child) => (typeof child === 'string' ? child : child.text)).join('');
  }

  attr(name: string): unknown {
    return this.attrs[name];
  }

  *descendants(): Generator<ElementNode> {
    for (const child of this.children) {
      if (typeof child === 'string') continue;
      yield child;
      yield* child.descendants();
    }
  }

  ancestors(): ElementNode[] {
    const chain: ElementNode[] = [];
    for (let node = this.parent; node; node = node.parent) chain.push(node);
    return chain;
  }

  /** Every descendant matching a CSS-like selector (`button.pay-button`, `#sn`, `[data-sku="A1"]`, `form button`). */
  queryAll(selector: string): ElementNode[] {
    const parsed = parseSelector(selector);
    return [...this.descendants()].filter((node) => matchesChain(node, parsed));
  }

  query(selector: string): ElementNode | undefined {
    return this.queryAll(selector)[0];
  }

  /** Like query, but throws naming the selector when nothing matches. */
  get(selector: string): ElementNode {
    const found = this.query(selector);
    if (!found) throw new HarnessError(`no element matches "${selector}"`);
    return found;
  }

  /** The innermost elements whose text contains `text`. */
  byText(text: string): ElementNode[] {
    return [...this.descendants()].filter(
      (node) =>
        node.text.includes(text) &&
        !node.children.some((c) => typeof c !== 'string' && c.text.includes(text)),
    );
  }
}

function matchesChain(node: ElementNode, chain: Selector[]): boolean {
  const last = chain[chain.length - 1];
  if (!last || !matches(node, last)) return false;
  let index = chain.length - 2;
  for (let ancestor = node.parent; ancestor && index >= 0; ancestor = ancestor.parent) {
    const step = chain[index];
    if (step && matches(ancestor, step)) index--;
  }
  return index < 0;
}

export function fromCompiled(raw: RawNode, parent?: ElementNode): ElementNode {
  const node = new ElementNode(raw.tag.replace(/^wx-/, ''), raw.attr ?? {}, parent);
  for (const child of raw.children ?? []) {
    if (typeof child === 'object') node.children.push(fromCompiled(child, node));
    else if (String(child) !== '') node.children.push(String(child));
  }
  return node;
}
