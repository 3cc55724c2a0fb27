import { type Kysely, sql } from 'kysely';

/** The demo catalog: Chinese names, integer fen prices. */
const DEMO_CATALOG = [
  { sku: 'coffee-beans-500g', name: '云南小粒咖啡豆 500g', price_fen: 8800 },
  { sku: 'drip-bags-10', name: '挂耳咖啡 10 包装', price_fen: 3900 },
  { sku: 'ceramic-mug', name: '手工陶瓷马克杯', price_fen: 6800 },
  { sku: 'oolong-tea-250g', name: '安溪铁观音 250g', price_fen: 12800 },
  { sku: 'green-tea-gift', name: '西湖龙井礼盒', price_fen: 26800 },
  { sku: 'sample-1fen', name: '体验装（1 分钱）', price_fen: 1 },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('catalog_items')
    .addColumn('sku', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price_fen', 'integer', (c) => c.notNull().check(sql`price_fen > 0`))
    .addColumn('image', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db
    .insertInto('catalog_items' as never)
    .values(DEMO_CATALOG.map((item, position) => ({ ...item, position })) as never)
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('sn', 'text', (c) => c.primaryKey())
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('unpaid', 'paid', 'shipped', 'closed')`),
    )
    .addColumn('lines', 'jsonb', (c) => c.notNull())
    .addColumn('total_fen', 'integer', (c) => c.notNull().check(sql`total_fen > 0`))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('prepay_id', 'text')
    .addColumn('prepaid_at', 'timestamptz')
    .addColumn('transaction_id', 'text', (c) => c.unique())
    .addColumn('paid_at', 'timestamptz')
    .addColumn('shipped_at', 'timestamptz')
    .addColumn('carrier', 'text')
    .addColumn('tracking_no', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('orders_by_shopper').on('orders').columns(['openid', 'created_at']).execute();
  await db.schema.createIndex('orders_by_time').on('orders').columns(['created_at']).execute();

  await db.schema
    .createTable('notice_credentials')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('form_id', 'prepay_id', 'subscription')`),
    )
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('order_sn', 'text', (c) => c.references('orders.sn'))
    .addColumn('uses_left', 'integer', (c) => c.notNull().check(sql`uses_left >= 0`))
    .addColumn('usable', 'boolean', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('retired_at', 'timestamptz')
    .addColumn('retired_errcode', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A formId or prepay_id is stored once, so its uses can only be spent from one row.
  await db.schema
    .createIndex('notice_credentials_value_once')
    .on('notice_credentials')
    .columns(['kind', 'value'])
    .unique()
    .where(sql.ref('kind'), '<>', 'subscription')
    .execute();
  await db.schema
    .createIndex('notice_credentials_live')
    .on('notice_credentials')
    .columns(['openid', 'kind', 'expires_at'])
    .where(sql<boolean>`uses_left > 0 and retired_at is null`)
    .execute();

  await db.schema
    .createTable('notices')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('order_sn', 'text', (c) => c.notNull().references('orders.sn'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('pay_success', 'shipped')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed')`),
    )
    .addColumn('rounds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('channel', 'text')
    .addColumn('credential_kind', 'text')
    .addColumn('errcode', 'integer')
    .addColumn('errmsg', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // At most one notice of a kind per order, whatever instance or route asks for it.
    .addUniqueConstraint('notices_once_per_order', ['order_sn', 'kind'])
    .execute();
  await db.schema
    .createIndex('notices_due')
    .on('notices')
    .columns(['next_attempt_at'])
    .where(sql<boolean>`status in ('pending', 'sending')`)
    .execute();

  await db.schema
    .createTable('notice_log')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id'))
    .addColumn('order_sn', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('credential_kind', 'text')
    .addColumn('credential_id', 'integer')
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('errcode', 'integer')
    .addColumn('errmsg', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('notice_log_by_order').on('notice_log').columns(['order_sn', 'id']).execute();
}
