// The two ways a call to the BFF fails, the same for every client (the console and the mini-program):
// the BFF answered with an error status, or no answer arrived. Each client words them for its reader.

import type { ErrorBody } from './api.js';

/** The `{error, message}` body the BFF's error handler sends with every refusal. */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return (
    typeof body.error === 'string' &&
    typeof body.message === 'string' &&
    (body.code === undefined || typeof body.code === 'string')
  );
}

/** The BFF answered with a non-2xx status. */
export class ApiError extends Error {
  readonly status: number;
  /** The BFF's error body; undefined when the reply was not one (a proxy's HTML page, no body). */
  readonly body: ErrorBody | undefined;
  /** The path called, e.g. `/admin/orders?limit=20`. */
  readonly path: string;

  constructor(status: number, body: unknown, path: string) {
    const errorBody = isErrorBody(body) ? body : undefined;
    super(`${path} answered ${status}${errorBody ? `: ${errorBody.message}` : ''}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = errorBody;
    this.path = path;
  }

  /** Stable machine-readable code, e.g. `ORDER_NOT_FOUND`, when the BFF gave one. */
  get code(): string | undefined {
    return this.body?.code;
  }

  /** The BFF's own sentence naming the problem, or the bare status when it sent none. */
  get reason(): string {
    return this.body?.message ?? `HTTP ${this.status}`;
  }
}

/** No HTTP reply arrived (offline, DNS, refused connection, timeout). */
export class NetworkError extends Error {
  readonly path: string;

  constructor(path: string, cause: unknown) {
    super(`${path} could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'NetworkError';
    this.path = path;
  }
}
