// Triggers in the database: rows <-> the admin API's view (the forward secret never leaves here).

import type {
  CreateTriggerBody,
  Trigger,
  TriggerAction,
  TriggerActionView,
  TriggerCondition,
  UpdateTriggerBody,
} from '@checkout/shared';
import type { Kysely, Selectable } from 'kysely';
import type { PushTables } from '../../db/push-tables.js';
import type { Database } from '../../db/schema.js';

type TriggerRow = Selectable<PushTables['push_triggers']>;

export const DEFAULT_MAX_ATTEMPTS = 5;

function conditionOf(row: TriggerRow): TriggerCondition {
  const condition: TriggerCondition = {};
  if (row.cond_appid !== null) condition.appid = row.cond_appid;
  if (row.cond_msg_type !== null) condition.msgType = row.cond_msg_type;
  if (row.cond_event !== null) condition.event = row.cond_event;
  if (Object.keys(row.cond_fields).length > 0) condition.fields = row.cond_fields;
  return condition;
}

/** The action as stored, secret included: for the worker only. */
export function actionOf(row: Pick<TriggerRow, 'action_type' | 'action_config'>): TriggerAction {
  const config = row.action_config;
  if (row.action_type === 'forward')
    return { type: 'forward', url: config.url ?? '', secret: config.secret ?? '' };
  if (row.action_type === 'handler') return { type: 'handler', name: config.name ?? '' };
  return { type: 'record-card-redemption' };
}

function actionView(action: TriggerAction): TriggerActionView {
  return action.type === 'forward' ? { type: 'forward', url: action.url } : action;
}

export function toTrigger(row: TriggerRow): Trigger {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    condition: conditionOf(row),
    action: actionView(actionOf(row)),
    maxAttempts: row.max_attempts,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function conditionColumns(condition: TriggerCondition) {
  return {
    cond_appid: condition.appid ?? null,
    cond_msg_type: condition.msgType ?? null,
    cond_event: condition.event ?? null,
    cond_fields: JSON.stringify(condition.fields ?? {}),
  };
}

function actionColumns(action: TriggerAction) {
  const { type, ...config } = action;
  return { action_type: type, action_config: JSON.stringify(config) };
}

export class TriggerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<Trigger[]> {
    const rows = await this.db.selectFrom('push_triggers').selectAll().orderBy('id').execute();
    return rows.map(toTrigger);
  }

  async get(id: number): Promise<Trigger | undefined> {
    const row = await this.db.selectFrom('push_triggers').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTrigger(row);
  }

  /** undefined when the name is taken. */
  async create(body: CreateTriggerBody): Promise<Trigger | undefined> {
    const row = await this.db
      .insertInto('push_triggers')
      .values({
        name: body.name,
        enabled: body.enabled ?? true,
        max_attempts: body.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        ...conditionColumns(body.condition),
        ...actionColumns(body.action),
      })
      .onConflict((c) => c.column('name').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row && toTrigger(row);
  }

  /** undefined when no such trigger; throws on a name clash (unique violation). */
  async update(id: number, body: UpdateTriggerBody): Promise<Trigger | undefined> {
    const row = await this.db
      .updateTable('push_triggers')
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(body.maxAttempts !== undefined ? { max_attempts: body.maxAttempts } : {}),
        ...(body.condition !== undefined ? conditionColumns(body.condition) : {}),
        ...(body.action !== undefined ? actionColumns(body.action) : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toTrigger(row);
  }

  async nameTaken(name: string, exceptId?: number): Promise<boolean> {
    let query = this.db.selectFrom('push_triggers').select('id').where('name', '=', name);
    if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  /** Deletes the trigger and its pending runs; its logs stay until pruned. */
  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('push_triggers').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * Creates the seed triggers that do not exist yet (by name), so every start is idempotent and an
   * admin's changes to a seeded trigger (e.g. disabling it) survive restarts.
   */
  async seed(seeds: readonly CreateTriggerBody[]): Promise<number> {
    let created = 0;
    for (const seed of seeds) if (await this.create(seed)) created++;
    return created;
  }
}
