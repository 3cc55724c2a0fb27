import { type Kysely, sql } from 'kysely';

// Card redemptions keep what a merchant reconciles by: a user_consume_card pushed for a redemption
// through payment carries OutTradeNo and TransId (WeChat Pay's order and transaction numbers) and the
// store's LocationId (卡券事件推送). Event names are matched without case, so they get a lower() index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('push_card_redemptions')
    .addColumn('out_trade_no', 'text')
    .addColumn('trans_id', 'text')
    .addColumn('location_id', 'text')
    .execute();
  await sql`CREATE INDEX push_card_redemptions_trans ON push_card_redemptions (trans_id)
    WHERE trans_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX push_events_event_lower ON push_events (lower(event), received_at)`.execute(db);
}
