// Renders the page on top: its WXML through the wcc templates, then every custom component its tree
// uses, each with its own instance (kept across renders by its place in the tree) and its own WXML,
// attached under its tag. Each node learns its owner, whose methods handle its events.

import type { Failures } from '../failures.js';
import type { Templates } from '../render/templates.js';
import type { ElementNode, HandlerOwner } from '../render/tree.js';
import {
  type ComponentInstance,
  createComponentInstance,
  declaredProperties,
  lifetime,
} from './component-instance.js';
import type { LogicLayer } from './context.js';
import type { PageInstance } from './page-instance.js';
import { usingComponents } from './using-components.js';

export interface RendererOptions {
  root: string;
  templates: Templates;
  layer: LogicLayer;
  failures: Failures;
  later(run: () => void): void;
  /** Delivers a component's triggerEvent from its host tag. */
  dispatch(node: ElementNode, type: string, detail: unknown, bubbles: boolean): void;
}

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

export class Renderer {
  private readonly instances = new Map<string, ComponentInstance>();
  private readonly hosts = new Map<ComponentInstance, ElementNode>();

  constructor(private readonly options: RendererOptions) {}

  renderPage(page: PageInstance): ElementNode {
    const tree = this.options.templates.render(`${page.route}.wxml`, page.data);
    this.own(tree, { name: `page ${page.route}`, instance: page });
    this.expandComponents(tree, page.route, page.route);
    return tree;
  }

  private own(tree: ElementNode, owner: HandlerOwner): void {
    tree.owner = owner;
    for (const node of tree.descendants()) node.owner = owner;
  }

  private expandComponents(tree: ElementNode, ownerPath: string, key: string): void {
    const components = usingComponents(this.options.root, ownerPath);
    if (components.size === 0) return;
    const hosts = [...tree.descendants()].filter((node) => components.has(node.tag));
    hosts.forEach((host, index) => {
      const path = components.get(host.tag)!;
      const hostKey = `${key}>${host.tag}#${index}`;
      const instance = this.instance(path, hostKey, host);
      const subtree = this.options.templates.render(`${path}.wxml`, instance.data);
      this.own(subtree, { name: `component ${path}`, instance });
      for (const child of subtree.children) {
        if (typeof child !== 'string') child.parent = host;
        host.children.push(child);
      }
      this.hosts.set(instance, host);
      this.expandComponents(host, path, hostKey);
    });
  }

  private instance(path: string, key: string, host: ElementNode): ComponentInstance {
    const { layer, failures } = this.options;
    const registered = layer.registrations.definitions.get(path);
    if (registered?.kind !== 'component') {
      throw failures.add(`<${host.tag}> uses ${path}, which did not call Component()`);
    }
    const definition = registered.options;
    let instance = this.instances.get(key);
    const created = !instance;
    if (!instance) {
      instance = createComponentInstance(definition, path, {
        toRealm: layer.toRealm,
        later: this.options.later,
        trigger: (source, name, detail, bubbles) => {
          const at = this.hosts.get(source);
          if (at) this.options.dispatch(at, name, detail, bubbles);
        },
      });
      this.instances.set(key, instance);
      this.runLifetime(definition, instance, path, 'created');
    }
    // The tag's attributes set the declared properties, as WeChat's property binding does.
    const properties: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(host.attrs)) {
      if (declaredProperties(definition).has(camelCase(name))) properties[camelCase(name)] = value;
    }
    Object.assign(instance.data, layer.toRealm(properties));
    if (created) {
      this.runLifetime(definition, instance, path, 'attached');
      const ready = instance;
      this.options.later(() => this.runLifetime(definition, ready, path, 'ready'));
    }
    return instance;
  }

  private runLifetime(
    definition: Record<string, unknown>,
    instance: ComponentInstance,
    path: string,
    name: string,
  ): void {
    const run = lifetime(definition, name);
    if (typeof run !== 'function') return;
    try {
      run.call(instance);
    } catch (error) {
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.options.failures.add(`component ${path} ${name} threw ${detail}`);
    }
  }
}
