import type { Kysely } from 'kysely';

// Platform-certificate mode: the certificate set one instance downloaded from /v3/certificates, read by
// every other, so a rotation costs WeChat Pay one download rather than one per instance.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wechatpay_certificates')
    .addColumn('mchid', 'text', (c) => c.primaryKey())
    .addColumn('certificates', 'jsonb', (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
