// What every trigger action receives: the stored event, the database and a logger.

import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface StoredPushEvent {
  id: number;
  appid: string;
  msgType: string;
  event: string | null;
  /** The shopper's openid (FromUserName); never log it. */
  openid: string | null;
  createTime: Date;
  /** The message as received (JSON form). */
  payload: Record<string, unknown>;
}

export interface ActionContext {
  db: Kysely<Database>;
  log: FastifyBaseLogger;
  /** Aborted when the app closes: long actions should stop. */
  signal: AbortSignal;
}

/** Thrown by an action when another attempt cannot succeed (bad data, refused target): no retry. */
export class PermanentActionError extends Error {
  override readonly name = 'PermanentActionError';
}
