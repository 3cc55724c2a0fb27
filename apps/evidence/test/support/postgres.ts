// A fresh PostgreSQL database per suite on the server DATABASE_URL names, dropped afterwards. The
// reliability suites need a real server (several BFF processes share it); without one they fail loudly.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DATABASE_URL_HELP =
  'DATABASE_URL is not set: the reliability suites run several BFF processes on one PostgreSQL server. ' +
  'Start one and run e.g. `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test ' +
  'node scripts/pnpm.mjs --filter @checkout/evidence test:chaos` (CI sets exactly that URL).';

export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error(DATABASE_URL_HELP);
  return url;
}

export interface FreshDatabase {
  url: string;
  name: string;
  /** Runs one statement on the fresh database (a short-lived connection). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function freshDatabase(prefix = 'evidence'): Promise<FreshDatabase> {
  const baseUrl = requireDatabaseUrl();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withClient(baseUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    url: databaseUrl,
    name,
    query: (text, values) =>
      withClient(databaseUrl, async (client) => (await client.query(text, values)).rows),
    drop: () =>
      withClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/** The host and port of a postgres:// URL, and the same URL pointed at another port (the proxy). */
export function postgresAddress(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 5432) };
}

export function withPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}
