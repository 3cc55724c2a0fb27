// GET /admin/trigger-logs: every attempt of every trigger run, newest first.

import type { AdminTriggerLogsQuery, AdminTriggerLogsReply } from '@checkout/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export async function listTriggerLogs(
  db: Kysely<Database>,
  query: AdminTriggerLogsQuery,
): Promise<AdminTriggerLogsReply> {
  // One snapshot for the page and its total, so they never disagree while events arrive.
  const [rows, count] = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      let base = trx.selectFrom('push_trigger_logs');
      if (query.triggerId !== undefined) base = base.where('trigger_id', '=', query.triggerId);
      if (query.eventId !== undefined) base = base.where('event_id', '=', query.eventId);
      if (query.status) base = base.where('status', '=', query.status);
      if (query.from) base = base.where('created_at', '>=', new Date(query.from));
      if (query.to) base = base.where('created_at', '<', new Date(query.to));
      return Promise.all([
        base.selectAll().orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ]);
    });
  return {
    total: Number(count.total),
    logs: rows.map((row) => ({
      id: Number(row.id),
      runId: Number(row.run_id),
      triggerId: row.trigger_id,
      triggerName: row.trigger_name,
      eventId: Number(row.event_id),
      attempt: row.attempt,
      status: row.status,
      durationMs: row.duration_ms,
      ...(row.error !== null ? { error: row.error } : {}),
      at: new Date(row.created_at).toISOString(),
    })),
  };
}
