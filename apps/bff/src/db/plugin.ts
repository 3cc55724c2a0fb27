import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { type DatabaseKind, type DatabaseTarget, openDatabase } from './connect.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dbKind: DatabaseKind;
  }
}

/** Opens the database, runs migrations, and closes it with the app. */
export default fp<{ target: DatabaseTarget }>(
  async (app, { target }) => {
    const { db, kind, close } = await openDatabase(target);
    try {
      const applied = await migrateToLatest(db as Kysely<unknown>);
      app.log.info({ kind, applied }, 'database ready');
    } catch (error) {
      await close();
      throw error;
    }
    if (kind === 'pglite' && !target.memory) {
      app.log.info('embedded PGlite: single instance only; set DATABASE_URL to share a PostgreSQL server');
    }
    app.decorate('db', db);
    app.decorate('dbKind', kind);
    app.addHook('onClose', close);
  },
  { name: 'db' },
);
