// Built-in action: a user_consume_card event becomes one card redemption row (UNIQUE per event).
// The worker hands over every due redemption of a round at once, so a burst of redemptions costs one
// INSERT, not one per event.

import { type Insertable, sql } from 'kysely';
import { preparedAs } from '../../db/prepared-statements.js';
import type { PushTables } from '../../db/push-tables.js';
import { type ActionContext, PermanentActionError, type StoredPushEvent } from './action-types.js';

type RedemptionRow = Insertable<PushTables['push_card_redemptions']>;

function text(payload: Record<string, unknown>, field: string): string | null {
  const value = payload[field];
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return String(value);
  return null;
}

function redemptionOf(event: StoredPushEvent): RedemptionRow {
  const { payload } = event;
  const cardId = text(payload, 'CardId');
  const code = text(payload, 'UserCardCode');
  if (!cardId || !code || !event.openid) {
    throw new PermanentActionError('event has no CardId, UserCardCode or FromUserName to record');
  }
  return {
    event_id: event.id,
    appid: event.appid,
    card_id: cardId,
    user_card_code: code,
    consume_source: text(payload, 'ConsumeSource'),
    location_name: text(payload, 'LocationName'),
    staff_openid: text(payload, 'StaffOpenId'),
    verify_code: text(payload, 'VerifyCode'),
    remark_amount: text(payload, 'RemarkAmount'),
    outer_str: text(payload, 'OuterStr'),
    out_trade_no: text(payload, 'OutTradeNo'),
    trans_id: text(payload, 'TransId'),
    // LocationId 0 means "no store" in WeChat's pushes.
    location_id: text(payload, 'LocationId') === '0' ? null : text(payload, 'LocationId'),
    openid: event.openid,
    create_time: event.createTime,
  };
}

// One statement text for any number of rows, so it can stay prepared.
async function insert(rows: RedemptionRow[], { db }: ActionContext): Promise<void> {
  await sql`
    ${sql.raw(preparedAs('push-record-redemptions'))}
    INSERT INTO push_card_redemptions (event_id, appid, card_id, user_card_code, consume_source,
      location_name, staff_openid, verify_code, remark_amount, outer_str, out_trade_no, trans_id,
      location_id, openid, create_time)
    SELECT event_id, appid, card_id, user_card_code, consume_source,
      location_name, staff_openid, verify_code, remark_amount, outer_str, out_trade_no, trans_id,
      location_id, openid, create_time
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(event_id bigint, appid text,
      card_id text, user_card_code text, consume_source text, location_name text, staff_openid text,
      verify_code text, remark_amount text, outer_str text, out_trade_no text, trans_id text,
      location_id text, openid text, create_time timestamptz)
    ON CONFLICT (event_id) DO NOTHING
  `.execute(db);
}

/**
 * Records each event's redemption; returns, per event, the error that stopped it (undefined when
 * recorded). Should the shared INSERT fail, each row is retried alone so one bad row fails only itself;
 * inside a transaction the error is thrown instead.
 */
export async function recordCardRedemptions(
  events: readonly StoredPushEvent[],
  context: ActionContext,
): Promise<(unknown | undefined)[]> {
  const outcomes: (unknown | undefined)[] = new Array(events.length).fill(undefined);
  const rows: { at: number; row: RedemptionRow }[] = [];
  events.forEach((event, at) => {
    try {
      rows.push({ at, row: redemptionOf(event) });
    } catch (error) {
      outcomes[at] = error;
    }
  });
  if (rows.length === 0) return outcomes;
  try {
    await insert(
      rows.map(({ row }) => row),
      context,
    );
  } catch (error) {
    // A failed statement aborts the transaction it is in: there the caller redoes the batch outside one.
    if (context.db.isTransaction) throw error;
    if (rows.length === 1) outcomes[rows[0]!.at] = error;
    else {
      for (const { at, row } of rows) {
        await insert([row], context).catch((alone: unknown) => {
          outcomes[at] = alone;
        });
      }
    }
  }
  return outcomes;
}
