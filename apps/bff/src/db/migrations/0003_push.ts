import { type Kysely, sql } from 'kysely';

// Message push: events de-duplicated by a unique key, triggers, runs (created with the event), logs,
// card redemptions (one per event).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('push_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('msg_type', 'text', (c) => c.notNull())
    .addColumn('event', 'text')
    .addColumn('openid', 'text')
    .addColumn('create_time', 'timestamptz', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('push_events_dedup', ['appid', 'dedup_key'])
    .execute();
  await db.schema.createIndex('push_events_received_at').on('push_events').column('received_at').execute();
  await db.schema
    .createIndex('push_events_type')
    .on('push_events')
    .columns(['msg_type', 'event', 'received_at'])
    .execute();
  await db.schema.createIndex('push_events_openid').on('push_events').column('openid').execute();

  await db.schema
    .createTable('push_triggers')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('cond_appid', 'text')
    .addColumn('cond_msg_type', 'text')
    .addColumn('cond_event', 'text')
    .addColumn('cond_fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('action_type', 'text', (c) => c.notNull())
    .addColumn('action_config', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('push_trigger_runs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('trigger_id', 'integer', (c) => c.notNull().references('push_triggers.id').onDelete('cascade'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('push_events.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addUniqueConstraint('push_trigger_runs_once', ['trigger_id', 'event_id'])
    .execute();
  await sql`CREATE INDEX push_trigger_runs_due ON push_trigger_runs (next_attempt_at) WHERE status = 'pending'`.execute(
    db,
  );
  await db.schema.createIndex('push_trigger_runs_event').on('push_trigger_runs').column('event_id').execute();

  await db.schema
    .createTable('push_trigger_logs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'bigint', (c) => c.notNull())
    .addColumn('trigger_id', 'integer', (c) => c.notNull())
    .addColumn('trigger_name', 'text', (c) => c.notNull())
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('push_trigger_logs_created_at')
    .on('push_trigger_logs')
    .column('created_at')
    .execute();
  await db.schema
    .createIndex('push_trigger_logs_trigger')
    .on('push_trigger_logs')
    .columns(['trigger_id', 'created_at'])
    .execute();
  await db.schema.createIndex('push_trigger_logs_event').on('push_trigger_logs').column('event_id').execute();

  await db.schema
    .createTable('push_card_redemptions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_id', 'bigint', (c) => c.notNull().unique().references('push_events.id'))
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('user_card_code', 'text', (c) => c.notNull())
    .addColumn('consume_source', 'text')
    .addColumn('location_name', 'text')
    .addColumn('staff_openid', 'text')
    .addColumn('verify_code', 'text')
    .addColumn('remark_amount', 'text')
    .addColumn('outer_str', 'text')
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('create_time', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('push_card_redemptions_card')
    .on('push_card_redemptions')
    .columns(['card_id', 'user_card_code'])
    .execute();
  await db.schema
    .createIndex('push_card_redemptions_time')
    .on('push_card_redemptions')
    .column('create_time')
    .execute();
}
