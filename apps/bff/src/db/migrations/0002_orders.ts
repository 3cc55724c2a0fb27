import type { Kysely } from 'kysely';

// Filled in by the orders and notices feature.
export async function up(_db: Kysely<unknown>): Promise<void> {}
