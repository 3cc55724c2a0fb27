// The demo shop's catalog. Order prices come from here only; the client never sends a price.

import type { CatalogItem, CreateOrderBody, OrderLine } from '@checkout/shared';
import { type Kysely, sql } from 'kysely';
import { executePrepared } from '../db/prepared-statements.js';
import type { Database } from '../db/schema.js';
import { UnknownSku } from './errors.js';

export class Catalog {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<CatalogItem[]> {
    const rows = await this.db
      .selectFrom('catalog_items')
      .select(['sku', 'name', 'price_fen', 'image'])
      .where('active', '=', true)
      .orderBy('position')
      .execute();
    return rows.map(toItem);
  }

  /** Order lines priced from the catalog (a sku listed twice is merged); unknown skus are a 400. */
  async price(items: CreateOrderBody['items']): Promise<OrderLine[]> {
    const quantities = new Map<string, number>();
    for (const item of items) quantities.set(item.sku, (quantities.get(item.sku) ?? 0) + item.quantity);
    const found = await this.findMany([...quantities.keys()]);
    const unknown = [...quantities.keys()].filter((sku) => !found.has(sku));
    if (unknown.length > 0) throw new UnknownSku(unknown.join(', '));
    return [...quantities].map(([sku, quantity]) => {
      const item = found.get(sku)!;
      return { sku, name: item.name, priceFen: item.priceFen, quantity };
    });
  }

  /** The active items among `skus`, by sku. */
  async findMany(skus: readonly string[]): Promise<Map<string, CatalogItem>> {
    if (skus.length === 0) return new Map();
    // One array parameter, so the text is the same for any number of skus (it runs on every order).
    const query = this.db
      .selectFrom('catalog_items')
      .select(['sku', 'name', 'price_fen', 'image'])
      .where('active', '=', true)
      .where('sku', '=', sql<string>`any(${[...skus]}::text[])`);
    const { rows } = await executePrepared(this.db, 'catalog-find-many', query);
    return new Map(rows.map((row) => [row.sku, toItem(row)]));
  }
}

function toItem(row: { sku: string; name: string; price_fen: number; image: string | null }): CatalogItem {
  return {
    sku: row.sku,
    name: row.name,
    priceFen: row.price_fen,
    ...(row.image ? { image: row.image } : {}),
  };
}
