// Send credentials of the notice channels: formIds (1 use), prepay_ids (3 uses, only once paid), both
// 7 days and only for the openid that produced them; subscribe accepts (1 send each, per template id).
// Every use is taken atomically in the database, so two senders (or instances) never spend the same one.

import { type Kysely, type QueryCreator, type SelectQueryBuilder, sql } from 'kysely';
import type { CredentialKindValue } from '../db/order-tables.js';
import type { Database } from '../db/schema.js';

/** What WeChat's devtools hand out instead of a real formId; WeChat refuses it, so it is never stored. */
export const MOCK_FORM_ID = 'the formId is a mock one';
export const TEMPLATE_CREDENTIAL_TTL_MS = 7 * 24 * 3600_000;
export const PREPAY_ID_USES = 3;

export interface Credential {
  id: number;
  kind: CredentialKindValue;
  value: string;
}

type Db = Kysely<Database>;

export function isUsableFormId(formId: string | undefined): formId is string {
  return formId !== undefined && formId.trim() !== '' && formId.trim() !== MOCK_FORM_ID && !/\s/.test(formId);
}

export class Credentials {
  constructor(private readonly db: Db) {}

  /** Keeps a formId for later notices; false when it is the mock id or already known. */
  async storeFormId(openid: string, formId: string, orderSn?: string, db: Db = this.db): Promise<boolean> {
    if (!isUsableFormId(formId)) return false;
    const row = await db
      .insertInto('notice_credentials')
      .values({
        openid,
        kind: 'form_id',
        value: formId,
        order_sn: orderSn ?? null,
        uses_left: 1,
        usable: true,
        expires_at: new Date(Date.now() + TEMPLATE_CREDENTIAL_TTL_MS),
      })
      .onConflict((oc) => oc.columns(['kind', 'value']).where('kind', '<>', 'subscription').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * A prepay_id becomes a credential (3 uses, 7 days) that is usable once its order is paid. The insert
   * is returned unrun, to go into the statement that records the prepay (one round trip, one commit).
   */
  prepayIdInsert(db: QueryCreator<Database>, openid: string, prepayId: string, orderSn: string) {
    return db
      .insertInto('notice_credentials')
      .values({
        openid,
        kind: 'prepay_id',
        value: prepayId,
        order_sn: orderSn,
        uses_left: PREPAY_ID_USES,
        usable: false,
        expires_at: new Date(Date.now() + TEMPLATE_CREDENTIAL_TTL_MS),
      })
      .onConflict((oc) =>
        // A literal, not a parameter: a prepared statement's generic plan must still match the partial index.
        oc.columns(['kind', 'value']).where('kind', '<>', sql.lit('subscription')).doNothing(),
      );
  }

  /** Called in the transaction that marks the order paid. */
  async activatePrepayIds(orderSn: string, db: Db = this.db): Promise<void> {
    await db
      .updateTable('notice_credentials')
      .set({ usable: true })
      .where('order_sn', '=', orderSn)
      .where('kind', '=', 'prepay_id')
      .execute();
  }

  /** One row per accept the app got from wx.requestSubscribeMessage. */
  async recordAccepts(openid: string, templateIds: readonly string[]): Promise<number> {
    if (templateIds.length === 0) return 0;
    const rows = await this.db
      .insertInto('notice_credentials')
      .values(
        templateIds.map((templateId) => ({
          openid,
          kind: 'subscription' as const,
          value: templateId,
          uses_left: 1,
          usable: true,
          expires_at: null,
        })),
      )
      .returning('id')
      .execute();
    return rows.length;
  }

  /**
   * Takes one use of the best template credential of `openid`: the preferred one (this order's formId
   * or prepay_id) first, then whichever live one expires first.
   */
  async takeTemplateCredential(
    openid: string,
    preferred: { kind: CredentialKindValue; orderSn: string },
    db: Db = this.db,
  ): Promise<Credential | null> {
    return this.take(db, (db) =>
      db
        .selectFrom('notice_credentials')
        .select('id')
        .where('openid', '=', openid)
        .where('kind', 'in', ['form_id', 'prepay_id'])
        .where('usable', '=', true)
        .where('uses_left', '>', 0)
        .where('retired_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .orderBy(
          sql`case when kind = ${preferred.kind} and order_sn = ${preferred.orderSn} then 0 else 1 end`,
        )
        .orderBy('expires_at')
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    );
  }

  /** Takes one subscribe accept of `openid` for `templateId`, oldest first. */
  async takeSubscription(openid: string, templateId: string, db: Db = this.db): Promise<Credential | null> {
    return this.take(db, (db) =>
      db
        .selectFrom('notice_credentials')
        .select('id')
        .where('openid', '=', openid)
        .where('kind', '=', 'subscription')
        .where('value', '=', templateId)
        .where('uses_left', '>', 0)
        .where('retired_at', 'is', null)
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    );
  }

  /** `uses_left = uses_left - 1 WHERE id = (pick ... FOR UPDATE SKIP LOCKED) AND uses_left > 0 RETURNING`. */
  private async take(
    db: Db,
    pick: (db: Db) => SelectQueryBuilder<Database, 'notice_credentials', { id: number }>,
  ): Promise<Credential | null> {
    const row = await db
      .updateTable('notice_credentials')
      .set((eb) => ({ uses_left: eb('uses_left', '-', 1) }))
      .where('id', '=', pick(db))
      .where('uses_left', '>', 0)
      .returning(['id', 'kind', 'value'])
      .executeTakeFirst();
    return row ?? null;
  }

  /** The credential a crashed sender was using (its use is already taken), whatever state it is in now. */
  async find(credentialId: number): Promise<Credential | null> {
    const row = await this.db
      .selectFrom('notice_credentials')
      .select(['id', 'kind', 'value'])
      .where('id', '=', credentialId)
      .executeTakeFirst();
    return row ?? null;
  }

  /** WeChat did not take the message, so the use it cost goes back. */
  async giveBack(credentialId: number, db: Db = this.db): Promise<void> {
    await db
      .updateTable('notice_credentials')
      .set((eb) => ({ uses_left: eb('uses_left', '+', 1) }))
      .where('id', '=', credentialId)
      .where('retired_at', 'is', null)
      .execute();
  }

  /** WeChat says this credential is spent or invalid (41028/41029/43101): never offer it again. */
  async retire(credentialId: number, errcode: number, db: Db = this.db): Promise<void> {
    await db
      .updateTable('notice_credentials')
      .set({ uses_left: 0, retired_at: new Date(), retired_errcode: errcode })
      .where('id', '=', credentialId)
      .execute();
  }
}
