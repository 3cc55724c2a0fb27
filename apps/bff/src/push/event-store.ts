// Stores push events and their trigger runs. Deliveries that arrive while a write is in flight are
// written together by the next statement (group commit): one round trip and one commit for many
// events, so the route keeps up under load, while a lone delivery still goes out at once.
// Within one statement, an event and its runs are durable together or not at all; a redelivery
// collides on (appid, dedup_key) and stores nothing but a tally.

import { type Kysely, sql } from 'kysely';
import { preparedAs } from '../db/prepared-statements.js';
import type { Database } from '../db/schema.js';
import type { PushMessageFacts } from './push-message.js';

export interface StoredPush {
  eventId: number;
  duplicate: boolean;
  /** Trigger runs created for this delivery (0 for a duplicate). */
  runs: number;
}

interface Pending {
  appid: string;
  facts: PushMessageFacts;
  resolve(stored: StoredPush): void;
  reject(error: unknown): void;
}

const keyOf = (appid: string, dedupKey: string) => `${appid}\u0000${dedupKey}`;

export class PushEventStore {
  private queue: Pending[] = [];
  private writing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 200,
  ) {}

  store(appid: string, facts: PushMessageFacts): Promise<StoredPush> {
    return new Promise((resolve, reject) => {
      this.queue.push({ appid, facts, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await writeBatch(this.db, batch);
        for (const [i, pending] of batch.entries()) pending.resolve(results[i]!);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.writing = false;
  }
}

async function writeBatch(db: Kysely<Database>, batch: Pending[]): Promise<StoredPush[]> {
  const rows = batch.map(({ appid, facts }) => ({
    appid,
    dedup_key: facts.dedupKey,
    msg_type: facts.msgType,
    event: facts.event,
    openid: facts.openid,
    create_time: facts.createTime.toISOString(),
    payload: facts.payload,
    match_fields: facts.matchFields,
  }));
  const inserted = await sql<{ appid: string; dedup_key: string; id: string | number; runs: number }>`
    ${sql.raw(preparedAs('push-store-events'))}
    WITH input AS (
      SELECT DISTINCT ON (appid, dedup_key) *
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        appid text, dedup_key text, msg_type text, event text, openid text,
        create_time timestamptz, payload jsonb, match_fields jsonb)
    ), inserted AS (
      INSERT INTO push_events (appid, dedup_key, msg_type, event, openid, create_time, payload)
      SELECT appid, dedup_key, msg_type, event, openid, create_time, payload FROM input
      ON CONFLICT (appid, dedup_key) DO NOTHING
      RETURNING id, appid, dedup_key
    ), runs AS (
      INSERT INTO push_trigger_runs (trigger_id, event_id)
      SELECT t.id, e.id
      FROM inserted e
      JOIN input x ON x.appid = e.appid AND x.dedup_key = e.dedup_key
      JOIN push_triggers t ON t.enabled
        AND (t.cond_appid IS NULL OR t.cond_appid = x.appid)
        AND (t.cond_msg_type IS NULL OR t.cond_msg_type = x.msg_type)
        AND (t.cond_event IS NULL OR lower(t.cond_event) = lower(x.event))
        AND x.match_fields @> t.cond_fields
      RETURNING event_id
    )
    SELECT e.appid, e.dedup_key, e.id,
           (SELECT count(*) FROM runs r WHERE r.event_id = e.id)::int AS runs
    FROM inserted e
  `.execute(db);

  const fresh = new Map(inserted.rows.map((r) => [keyOf(r.appid, r.dedup_key), r]));
  const results: (StoredPush | undefined)[] = [];
  const duplicates = new Map<string, { appid: string; dedupKey: string; count: number; at: number[] }>();
  batch.forEach(({ appid, facts }, i) => {
    const key = keyOf(appid, facts.dedupKey);
    const row = fresh.get(key);
    if (row) {
      // The first delivery in the batch stored the event; later copies of it are duplicates.
      fresh.delete(key);
      results[i] = { eventId: Number(row.id), duplicate: false, runs: row.runs };
      return;
    }
    const tally = duplicates.get(key) ?? { appid, dedupKey: facts.dedupKey, count: 0, at: [] };
    tally.count += 1;
    tally.at.push(i);
    duplicates.set(key, tally);
  });

  for (const { appid, dedupKey, count, at } of duplicates.values()) {
    const existing = await sql<{ id: string | number }>`
      ${sql.raw(preparedAs('push-tally-duplicate'))}
      UPDATE push_events SET duplicates = duplicates + ${count}
      WHERE appid = ${appid} AND dedup_key = ${dedupKey}
      RETURNING id
    `.execute(db);
    const id = existing.rows[0]?.id;
    if (id === undefined) throw new Error('push event vanished between insert and duplicate tally');
    for (const i of at) results[i] = { eventId: Number(id), duplicate: true, runs: 0 };
  }
  return results as StoredPush[];
}
