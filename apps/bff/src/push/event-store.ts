// Stores a push event and its trigger runs in one statement: either both are durable or neither is,
// and a redelivery collides on (appid, dedup_key) and stores nothing but a tally.

import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PushMessageFacts } from './push-message.js';

export interface StoredPush {
  eventId: number;
  duplicate: boolean;
  /** Trigger runs created for this delivery (0 for a duplicate). */
  runs: number;
}

export async function storePushEvent(
  db: Kysely<Database>,
  appid: string,
  facts: PushMessageFacts,
): Promise<StoredPush> {
  const inserted = await sql<{ id: string | number; runs: number }>`
    WITH inserted AS (
      INSERT INTO push_events (appid, dedup_key, msg_type, event, openid, create_time, payload)
      VALUES (${appid}, ${facts.dedupKey}, ${facts.msgType}, ${facts.event}, ${facts.openid},
              ${facts.createTime}, ${JSON.stringify(facts.payload)}::jsonb)
      ON CONFLICT (appid, dedup_key) DO NOTHING
      RETURNING id
    ), runs AS (
      INSERT INTO push_trigger_runs (trigger_id, event_id)
      SELECT t.id, inserted.id
      FROM inserted JOIN push_triggers t ON t.enabled
        AND (t.cond_appid IS NULL OR t.cond_appid = ${appid})
        AND (t.cond_msg_type IS NULL OR t.cond_msg_type = ${facts.msgType})
        AND (t.cond_event IS NULL OR t.cond_event = ${facts.event})
        AND ${JSON.stringify(facts.matchFields)}::jsonb @> t.cond_fields
      RETURNING 1
    )
    SELECT id, (SELECT count(*) FROM runs)::int AS runs FROM inserted
  `.execute(db);
  const row = inserted.rows[0];
  if (row) return { eventId: Number(row.id), duplicate: false, runs: row.runs };

  const existing = await sql<{ id: string | number }>`
    UPDATE push_events SET duplicates = duplicates + 1
    WHERE appid = ${appid} AND dedup_key = ${facts.dedupKey}
    RETURNING id
  `.execute(db);
  const id = existing.rows[0]?.id;
  if (id === undefined) throw new Error('push event vanished between insert and duplicate tally');
  return { eventId: Number(id), duplicate: true, runs: 0 };
}
