// GET /admin/events: stored push events, newest first, openids masked.

import type { AdminEventsQuery, AdminEventsReply } from '@checkout/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { maskOpenid, maskPayload } from '../mask-openid.js';

export async function listPushEvents(
  db: Kysely<Database>,
  query: AdminEventsQuery,
): Promise<AdminEventsReply> {
  // One snapshot for the page and its total, so they never disagree while events arrive.
  const [rows, count] = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      let base = trx.selectFrom('push_events');
      if (query.appid) base = base.where('appid', '=', query.appid);
      if (query.type) base = base.where('msg_type', '=', query.type);
      // WeChat's event names differ in case (user_consume_card, VIEW, subscribe): match without it.
      const event = query.event?.toLowerCase();
      if (event) base = base.where((eb) => eb(eb.fn('lower', ['event']), '=', event));
      if (query.openid) base = base.where('openid', '=', query.openid);
      if (query.from) base = base.where('received_at', '>=', new Date(query.from));
      if (query.to) base = base.where('received_at', '<', new Date(query.to));
      return Promise.all([
        base.selectAll().orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ]);
    });
  return {
    total: Number(count.total),
    events: rows.map((row) => ({
      id: Number(row.id),
      appid: row.appid,
      msgType: row.msg_type,
      ...(row.event !== null ? { event: row.event } : {}),
      ...(row.openid !== null ? { openidMasked: maskOpenid(row.openid) } : {}),
      createTime: row.create_time.toISOString(),
      receivedAt: new Date(row.received_at).toISOString(),
      duplicates: row.duplicates,
      payload: maskPayload(row.payload),
    })),
  };
}
