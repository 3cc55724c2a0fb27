// The platform certificates in the database, one row per merchant, so every BFF instance verifies with the
// set one of them downloaded. A download runs under a transaction-scoped advisory lock (PGlite too), the
// way the access token is refreshed: instances that see a new serial together download it once.

import type { CertificateStore, StoredCertificates } from '@checkout/wechat';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

export class DbCertificateStore implements CertificateStore {
  constructor(private readonly db: Kysely<Database>) {}

  get(mchid: string): Promise<StoredCertificates | null> {
    return read(this.db, mchid);
  }

  async update(
    mchid: string,
    refresh: (current: StoredCertificates | null) => Promise<StoredCertificates>,
  ): Promise<StoredCertificates> {
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`wechatpay_certificates:${mchid}`}))`.execute(trx);
      // Inside the lock every read and write uses its transaction: PGlite has one connection.
      const current = await read(trx, mchid);
      const next = await refresh(current);
      if (next === current) return next;
      const values = {
        certificates: JSON.stringify(next.certificates),
        fetched_at: new Date(next.fetchedAt),
      };
      await trx
        .insertInto('wechatpay_certificates')
        .values({ mchid, ...values })
        .onConflict((oc) => oc.column('mchid').doUpdateSet(values))
        .execute();
      return next;
    });
  }
}

async function read(db: Kysely<Database>, mchid: string): Promise<StoredCertificates | null> {
  const row = await db
    .selectFrom('wechatpay_certificates')
    .select(['certificates', 'fetched_at'])
    .where('mchid', '=', mchid)
    .executeTakeFirst();
  return row ? { certificates: row.certificates, fetchedAt: new Date(row.fetched_at).getTime() } : null;
}
