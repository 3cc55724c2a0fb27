// Typed client of the BFF's shopper routes, on top of the platform's request/login/storage.
// Holds the session: logs in when there is no usable token and re-logs in once on a 401.
import {
  ApiError,
  type CatalogReply,
  type CreateOrderBody,
  type CreateOrderReply,
  type LoginReply,
  NetworkError,
  type NoticeOutcome,
  type Order,
  type OrderListReply,
  type RequestPaymentParams,
  type SendPaySuccessBody,
  type SubscriptionsReply,
} from '@checkout/shared';
import type { CheckoutPort, HttpResponse } from '../checkout/port';

export const SESSION_STORAGE_KEY = 'checkout.session';
/** A token this close to expiry is replaced before use rather than failing mid-checkout. */
const EXPIRY_MARGIN_MS = 60_000;

export type ApiPort = Pick<CheckoutPort, 'request' | 'login' | 'storage'>;

export interface ApiClientOptions {
  port: ApiPort;
  baseUrl: string;
  now?: () => number;
}

export interface ApiClient {
  /** Makes sure a session exists (called on launch); logs in only when needed. */
  ensureSession(): Promise<void>;
  catalog(): Promise<CatalogReply>;
  createOrder(body: CreateOrderBody): Promise<CreateOrderReply>;
  /** New cashier parameters for an unpaid order. */
  payOrderAgain(sn: string): Promise<RequestPaymentParams>;
  listOrders(): Promise<OrderListReply>;
  getOrder(sn: string): Promise<Order>;
  recordSubscriptions(templateIds: string[]): Promise<SubscriptionsReply>;
  sendPaySuccessNotice(body: SendPaySuccessBody): Promise<NoticeOutcome>;
}

interface StoredSession {
  token: string;
  expiresAt: string;
}

function readSession(port: ApiPort): StoredSession | undefined {
  const raw = port.storage.get(SESSION_STORAGE_KEY);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    return typeof parsed.token === 'string' && typeof parsed.expiresAt === 'string'
      ? { token: parsed.token, expiresAt: parsed.expiresAt }
      : undefined;
  } catch {
    return undefined;
  }
}

export function createApiClient({ port, baseUrl, now = Date.now }: ApiClientOptions): ApiClient {
  const base = baseUrl.replace(/\/+$/, '');
  let loginInFlight: Promise<string> | undefined;

  async function send(method: 'GET' | 'POST', path: string, body: unknown, token?: string) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    // Fastify refuses an empty JSON body, so a bodiless POST still sends `{}`.
    const payload = method === 'POST' ? (body ?? {}) : undefined;
    if (payload !== undefined) headers['content-type'] = 'application/json';
    let response: HttpResponse;
    try {
      response = await port.request({ method, url: `${base}${path}`, headers, body: payload });
    } catch (cause) {
      throw new NetworkError(path, cause);
    }
    return response;
  }

  function expect<T>(response: HttpResponse, path: string): T {
    if (response.status >= 200 && response.status < 300) return response.body as T;
    throw new ApiError(response.status, response.body, path);
  }

  async function logIn(): Promise<string> {
    const code = await port.login();
    const reply = expect<LoginReply>(await send('POST', '/auth/login', { code }), '/auth/login');
    port.storage.set(SESSION_STORAGE_KEY, JSON.stringify({ token: reply.token, expiresAt: reply.expiresAt }));
    return reply.token;
  }

  // One login at a time: concurrent calls on launch share it.
  function freshToken(): Promise<string> {
    loginInFlight ??= logIn().finally(() => {
      loginInFlight = undefined;
    });
    return loginInFlight;
  }

  async function usableToken(): Promise<string> {
    const session = readSession(port);
    if (session && Date.parse(session.expiresAt) - EXPIRY_MARGIN_MS > now()) return session.token;
    return freshToken();
  }

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await send(method, path, body, await usableToken());
    if (response.status !== 401) return expect<T>(response, path);
    // The BFF forgot the session (restart, secret rotation): log in again, once.
    port.storage.remove(SESSION_STORAGE_KEY);
    return expect<T>(await send(method, path, body, await freshToken()), path);
  }

  const orderPath = (sn: string) => `/orders/${encodeURIComponent(sn)}`;

  return {
    async ensureSession() {
      await usableToken();
    },
    catalog: () => call<CatalogReply>('GET', '/catalog'),
    createOrder: (body) => call<CreateOrderReply>('POST', '/orders', body),
    payOrderAgain: (sn) => call<RequestPaymentParams>('POST', `${orderPath(sn)}/payment`),
    listOrders: () => call<OrderListReply>('GET', '/orders'),
    getOrder: (sn) => call<Order>('GET', orderPath(sn)),
    recordSubscriptions: (templateIds) => call<SubscriptionsReply>('POST', '/subscriptions', { templateIds }),
    sendPaySuccessNotice: (body) => call<NoticeOutcome>('POST', '/wx/sendTemplatePaySuccess', body),
  };
}
