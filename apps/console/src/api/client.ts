// The console's only door to the BFF: typed calls to the admin routes with the admin bearer token.

import type {
  AdminCardRedemptionsQuery,
  AdminCardRedemptionsReply,
  AdminEventsQuery,
  AdminEventsReply,
  AdminNoticesQuery,
  AdminNoticesReply,
  AdminOrdersQuery,
  AdminOrdersReply,
  AdminTriggerLogsQuery,
  AdminTriggerLogsReply,
  CreateRefundBody,
  CreateRefundReply,
  CreateTriggerBody,
  ErrorBody,
  ShipBody,
  ShipReply,
  TriggerReply,
  TriggersReply,
  UpdateTriggerBody,
} from '@checkout/shared';

/** A failed call; `message` is the server's own text, shown to the merchant as is. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The admin token was refused: the console goes back to the token prompt. */
export class UnauthorizedError extends ApiError {
  constructor(message: string, code?: string) {
    super(message, 401, code);
    this.name = 'UnauthorizedError';
  }
}

export type QueryValue = string | number | boolean | undefined;

export interface ApiClientOptions {
  /** Origin (and optional path) of the BFF; '' means the page's own origin. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

/** Query string of the defined, non-empty values, in the order given. */
export function toQueryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, QueryValue][]) {
    if (value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).message === 'string';
}

export class ApiClient {
  readonly #baseUrl: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor({ baseUrl, token, fetch: fetchImpl }: ApiClientOptions) {
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#token = token;
    this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  }

  listOrders(query: Partial<AdminOrdersQuery>): Promise<AdminOrdersReply> {
    return this.#request('GET', `/admin/orders${toQueryString(query)}`);
  }

  shipOrder(sn: string, body: ShipBody): Promise<ShipReply> {
    return this.#request('POST', `/admin/orders/${encodeURIComponent(sn)}/ship`, body);
  }

  listNotices(query: Partial<AdminNoticesQuery>): Promise<AdminNoticesReply> {
    return this.#request('GET', `/admin/notices${toQueryString(query)}`);
  }

  listEvents(query: Partial<AdminEventsQuery>): Promise<AdminEventsReply> {
    return this.#request('GET', `/admin/events${toQueryString(query)}`);
  }

  listTriggers(): Promise<TriggersReply> {
    return this.#request('GET', '/admin/triggers');
  }

  createTrigger(body: CreateTriggerBody): Promise<TriggerReply> {
    return this.#request('POST', '/admin/triggers', body);
  }

  updateTrigger(id: number, patch: UpdateTriggerBody): Promise<TriggerReply> {
    return this.#request('PATCH', `/admin/triggers/${id}`, patch);
  }

  deleteTrigger(id: number): Promise<void> {
    return this.#request('DELETE', `/admin/triggers/${id}`);
  }

  listTriggerLogs(query: Partial<AdminTriggerLogsQuery>): Promise<AdminTriggerLogsReply> {
    return this.#request('GET', `/admin/trigger-logs${toQueryString(query)}`);
  }

  listCardRedemptions(query: Partial<AdminCardRedemptionsQuery>): Promise<AdminCardRedemptionsReply> {
    return this.#request('GET', `/admin/card-redemptions${toQueryString(query)}`);
  }

  /** The same idempotencyKey refunds once, however often it is sent. */
  refundOrder(sn: string, body: CreateRefundBody, idempotencyKey: string): Promise<CreateRefundReply> {
    return this.#request('POST', `/admin/orders/${encodeURIComponent(sn)}/refunds`, body, {
      'idempotency-key': idempotencyKey,
    });
  }

  async #request<T>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token}`, ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.#fetch(`${this.#baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError('网络错误：无法连接服务器', 0);
    }
    const text = await response.text();
    const payload: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const message = isErrorBody(payload) ? payload.message : `HTTP ${response.status}`;
      const code = isErrorBody(payload) ? payload.code : undefined;
      if (response.status === 401) throw new UnauthorizedError(message, code);
      throw new ApiError(message, response.status, code);
    }
    return payload as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
