import { type Kysely, sql } from 'kysely';

// The money path: an order's payment window (time_expire), refund states and the refunded sum, the
// reconciliation schedule of unpaid orders, and the refunds table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_status_check`.execute(db);
  await sql`ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status in
    ('unpaid', 'paid', 'shipped', 'closed', 'refunding', 'partially_refunded', 'refunded'))`.execute(db);
  await db.schema
    .alterTable('orders')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('refunded_fen', 'integer', (c) => c.notNull().defaultTo(0).check(sql`refunded_fen >= 0`))
    .addColumn('reconcile_at', 'timestamptz')
    .addColumn('reconcile_rounds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reconcile_owner', 'text')
    .addColumn('reconcile_lease_until', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('orders_reconcile_due')
    .on('orders')
    .columns(['reconcile_at'])
    .where(sql<boolean>`status = 'unpaid' and reconcile_at is not null`)
    .execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('order_sn', 'text', (c) => c.notNull().references('orders.sn'))
    .addColumn('out_refund_no', 'text', (c) => c.notNull().unique())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('request_fingerprint', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('reason', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(sql`status in ('requested', 'processing', 'succeeded', 'abnormal', 'closed', 'failed')`),
    )
    .addColumn('refund_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('succeeded_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('refunds_by_order').on('refunds').columns(['order_sn', 'id']).execute();
}
