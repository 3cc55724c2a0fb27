// Named prepared statements for the few statements that run on every push delivery (store the event,
// claim and finish trigger runs, record redemptions) and every order (price, store, record the prepay).
// Parsing and planning those CTEs cost PostgreSQL
// about 0.45 ms of CPU per statement, more than inserting a small batch (bench/push.ts). A statement
// opts in by starting with `/* prepared: <name> */`; on PostgreSQL each connection then parses it
// once and reuses the plan. Other statements are untouched. PGlite ignores the comment.

import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import pg from 'pg';

const MARKER = /^\s*\/\* prepared: ([a-z][a-z0-9-]*) \*\//;

/** Tags a statement as prepared under this name (its text must never change at run time). */
export const preparedAs = (name: string): string => `/* prepared: ${name} */`;

/** Runs a query built with Kysely as a prepared statement (its shape, hence its text, must be fixed). */
export function executePrepared<DB, Row>(
  db: Kysely<DB>,
  name: string,
  query: Compilable<Row>,
): Promise<QueryResult<Row>> {
  const { sql, parameters } = query.compile();
  return db.executeQuery(CompiledQuery.raw(`${preparedAs(name)} ${sql}`, [...parameters]));
}

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
