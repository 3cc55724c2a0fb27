// The WeChat access token in the database, one row per appid, so every BFF instance shares it. Refreshes
// are serialised across processes with a transaction-scoped advisory lock (works on PGlite too).

import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoredToken, TokenStore } from '@checkout/wechat';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export class DbTokenStore implements TokenStore {
  // Inside withLock the reads and writes must use the locking transaction: PGlite has one connection,
  // and on PostgreSQL the new token should commit together with the lock release.
  readonly #inLock = new AsyncLocalStorage<Transaction<Database>>();

  constructor(private readonly db: Kysely<Database>) {}

  private get conn(): Kysely<Database> {
    return this.#inLock.getStore() ?? this.db;
  }

  async get(appid: string): Promise<StoredToken | null> {
    const row = await this.conn
      .selectFrom('wechat_tokens')
      .select(['token', 'expires_at'])
      .where('appid', '=', appid)
      .executeTakeFirst();
    return row ? { token: row.token, expiresAt: new Date(row.expires_at).getTime() } : null;
  }

  async set(appid: string, token: StoredToken): Promise<void> {
    const values = { token: token.token, expires_at: new Date(token.expiresAt), updated_at: new Date() };
    await this.conn
      .insertInto('wechat_tokens')
      .values({ appid, ...values })
      .onConflict((oc) => oc.column('appid').doUpdateSet(values))
      .execute();
  }

  async delete(appid: string, ifToken: string): Promise<void> {
    await this.conn
      .deleteFrom('wechat_tokens')
      .where('appid', '=', appid)
      .where('token', '=', ifToken)
      .execute();
  }

  async withLock<T>(appid: string, fn: () => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`wechat_token:${appid}`}))`.execute(trx);
      return this.#inLock.run(trx, fn);
    });
  }
}
