// Named prepared statements for the few statements that run on every push delivery (store the event,
// claim and finish trigger runs, record redemptions). Parsing and planning those CTEs cost PostgreSQL
// about 0.45 ms of CPU per statement, more than inserting a small batch (bench/push.ts). A statement
// opts in by starting with `/* prepared: <name> */`; on PostgreSQL each connection then parses it
// once and reuses the plan. Other statements are untouched. PGlite ignores the comment.

import pg from 'pg';

const MARKER = /^\s*\/\* prepared: ([a-z][a-z0-9-]*) \*\//;

/** Tags a statement as prepared under this name (its text must never change at run time). */
export const preparedAs = (name: string): string => `/* prepared: ${name} */`;

/** A pg Client that sends marked statements as named prepared statements. */
export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; only (text, values) is rewritten.
  override query(...args: any[]): any {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && args.length === 2) {
      const name = MARKER.exec(text)?.[1];
      if (name) return super.query({ name, text, values });
    }
    // biome-ignore lint/suspicious/noExplicitAny: forwards whatever overload the caller used.
    return (super.query as any)(...args);
  }
}
