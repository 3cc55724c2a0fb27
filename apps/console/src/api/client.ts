// The console's only door to the BFF: typed calls to the admin routes with the admin bearer token.

import {
  type AdminCardRedemptionsDailyQuery,
  type AdminCardRedemptionsDailyReply,
  type AdminCardRedemptionsQuery,
  type AdminCardRedemptionsReply,
  type AdminEventsQuery,
  type AdminEventsReply,
  type AdminNoticesQuery,
  type AdminNoticesReply,
  type AdminOrdersQuery,
  type AdminOrdersReply,
  type AdminTriggerLogsQuery,
  type AdminTriggerLogsReply,
  ApiError,
  type CreateRefundBody,
  type CreateRefundReply,
  type CreateTriggerBody,
  NetworkError,
  type ShipBody,
  type ShipReply,
  type TriggerReply,
  type TriggersReply,
  type UpdateTriggerBody,
} from '@checkout/shared';

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

export class ApiClient {
  readonly #baseUrl: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor({ baseUrl, token, fetch: fetchImpl }: ApiClientOptions) {
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#token = token;
    this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  }

  listOrders(query: Partial<AdminOrdersQuery>, signal?: AbortSignal): Promise<AdminOrdersReply> {
    return this.#request('GET', `/admin/orders${toQueryString(query)}`, undefined, signal);
  }

  shipOrder(sn: string, body: ShipBody): Promise<ShipReply> {
    return this.#request('POST', `/admin/orders/${encodeURIComponent(sn)}/ship`, body);
  }

  listNotices(query: Partial<AdminNoticesQuery>, signal?: AbortSignal): Promise<AdminNoticesReply> {
    return this.#request('GET', `/admin/notices${toQueryString(query)}`, undefined, signal);
  }

  listEvents(query: Partial<AdminEventsQuery>, signal?: AbortSignal): Promise<AdminEventsReply> {
    return this.#request('GET', `/admin/events${toQueryString(query)}`, undefined, signal);
  }

  listTriggers(signal?: AbortSignal): Promise<TriggersReply> {
    return this.#request('GET', '/admin/triggers', undefined, signal);
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

  listTriggerLogs(
    query: Partial<AdminTriggerLogsQuery>,
    signal?: AbortSignal,
  ): Promise<AdminTriggerLogsReply> {
    return this.#request('GET', `/admin/trigger-logs${toQueryString(query)}`, undefined, signal);
  }

  listCardRedemptions(
    query: Partial<AdminCardRedemptionsQuery>,
    signal?: AbortSignal,
  ): Promise<AdminCardRedemptionsReply> {
    return this.#request('GET', `/admin/card-redemptions${toQueryString(query)}`, undefined, signal);
  }

  countCardRedemptionsPerDay(
    query: AdminCardRedemptionsDailyQuery,
    signal?: AbortSignal,
  ): Promise<AdminCardRedemptionsDailyReply> {
    return this.#request('GET', `/admin/card-redemptions/daily${toQueryString(query)}`, undefined, signal);
  }

  /** The same idempotencyKey refunds once, however often it is sent. */
  refundOrder(sn: string, body: CreateRefundBody, idempotencyKey: string): Promise<CreateRefundReply> {
    return this.#request('POST', `/admin/orders/${encodeURIComponent(sn)}/refunds`, body, undefined, {
      'idempotency-key': idempotencyKey,
    });
  }

  async #request<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
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
        signal,
      });
    } catch (cause) {
      // A cancelled call (the screen went away) is not a network failure: let the abort through.
      if (signal?.aborted) throw cause;
      throw new NetworkError(path, cause);
    }
    const text = await response.text();
    const payload: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, payload, path);
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
