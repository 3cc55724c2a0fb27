// Code handlers: the "cloud function" equivalent. A trigger with action {type: 'handler', name} calls
// the TypeScript function registered under that name with the stored event and the database.

import type { ActionContext, StoredPushEvent } from './action-types.js';

export type PushEventHandler = (event: StoredPushEvent, context: ActionContext) => Promise<void>;

export class HandlerRegistry {
  private readonly handlers = new Map<string, PushEventHandler>();

  constructor(initial: Record<string, PushEventHandler> = {}) {
    for (const [name, handler] of Object.entries(initial)) this.register(name, handler);
  }

  register(name: string, handler: PushEventHandler): void {
    if (!/^[a-z][a-z0-9-]{0,63}$/.test(name)) {
      throw new Error(`handler name "${name}" must be lowercase letters, digits and dashes`);
    }
    if (this.handlers.has(name)) throw new Error(`handler "${name}" is already registered`);
    this.handlers.set(name, handler);
  }

  get(name: string): PushEventHandler | undefined {
    return this.handlers.get(name);
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }
}
