// GET /admin/card-redemptions: redeemed coupons, newest first (by the event's CreateTime).

import type { AdminCardRedemptionsQuery, AdminCardRedemptionsReply } from '@checkout/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { maskOpenid } from '../mask-openid.js';

export async function listCardRedemptions(
  db: Kysely<Database>,
  query: AdminCardRedemptionsQuery,
): Promise<AdminCardRedemptionsReply> {
  // One snapshot for the page and its total, so they never disagree while events arrive.
  const [rows, count] = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      let base = trx.selectFrom('push_card_redemptions');
      if (query.cardId) base = base.where('card_id', '=', query.cardId);
      if (query.code) base = base.where('user_card_code', '=', query.code);
      if (query.transId) base = base.where('trans_id', '=', query.transId);
      if (query.from) base = base.where('create_time', '>=', new Date(query.from));
      if (query.to) base = base.where('create_time', '<', new Date(query.to));
      return Promise.all([
        base
          .selectAll()
          .orderBy('create_time', 'desc')
          .orderBy('id', 'desc')
          .limit(query.limit)
          .offset(query.offset)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ]);
    });
  const optional = (key: string, value: string | null) => (value !== null ? { [key]: value } : {});
  return {
    total: Number(count.total),
    redemptions: rows.map((row) => ({
      id: Number(row.id),
      eventId: Number(row.event_id),
      appid: row.appid,
      cardId: row.card_id,
      userCardCode: row.user_card_code,
      ...optional('consumeSource', row.consume_source),
      ...optional('locationName', row.location_name),
      ...optional('staffOpenidMasked', row.staff_openid && maskOpenid(row.staff_openid)),
      ...optional('verifyCode', row.verify_code),
      ...optional('remarkAmount', row.remark_amount),
      ...optional('outerStr', row.outer_str),
      ...optional('outTradeNo', row.out_trade_no),
      ...optional('transId', row.trans_id),
      ...optional('locationId', row.location_id),
      openidMasked: maskOpenid(row.openid),
      createTime: row.create_time.toISOString(),
    })),
  };
}
