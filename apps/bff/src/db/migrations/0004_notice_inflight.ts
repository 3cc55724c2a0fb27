import { type Kysely, sql } from 'kysely';

// The credential a notice's send is using, written (with the use it takes) before WeChat is called and
// cleared when the outcome is recorded: whoever takes over after a crash resends with that credential.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('notices')
    .addColumn('inflight_credential_id', 'integer', (c) => c.references('notice_credentials.id'))
    .addColumn('inflight_channel', 'text', (c) => c.check(sql`inflight_channel in ('subscribe', 'template')`))
    .execute();
  await sql`ALTER TABLE notices ADD CONSTRAINT notices_inflight_pair
    CHECK ((inflight_credential_id IS NULL) = (inflight_channel IS NULL))`.execute(db);
}
