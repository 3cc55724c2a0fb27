import type { Kysely } from 'kysely';

// Filled in by the message-push feature.
export async function up(_db: Kysely<unknown>): Promise<void> {}
