import type { Kysely } from 'kysely';

// The redemption chart counts one card's redemptions per day over a date range
// (GET /admin/card-redemptions/daily?cardId=...): this index reads exactly that card's rows in that
// range, where (card_id, user_card_code) would read every redemption the card ever had. Without a card
// filter the count uses push_card_redemptions_time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('push_card_redemptions_card_day')
    .on('push_card_redemptions')
    .columns(['card_id', 'create_time'])
    .execute();
}
