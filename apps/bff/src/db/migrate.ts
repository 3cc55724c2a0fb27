import { type Kysely, Migrator } from 'kysely';
import { migrations } from './migrations/index.js';

/** Runs pending migrations; Kysely's migrator takes a lock so concurrent instances are safe. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
