// A fake fetch at the network edge: answers admin routes from handlers and records every call.

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | null;
  idempotencyKey: string | null;
  /** The caller's abort signal, to see a call cancelled. */
  signal: AbortSignal | undefined;
}

export interface FakeReply {
  status?: number;
  body?: unknown;
}

type Handler = (call: RecordedCall) => FakeReply | Promise<FakeReply>;

export interface FakeBff {
  fetch: typeof fetch;
  calls: RecordedCall[];
  /** Calls to one route, e.g. 'GET /admin/orders'. */
  callsTo(route: string): RecordedCall[];
  on(route: string, handler: Handler): void;
}

export const BASE_URL = 'http://bff.test';

/** Routes are 'METHOD /path' with `:param` segments; unknown routes answer 404 like the BFF. */
export function fakeBff(routes: Record<string, Handler> = {}): FakeBff {
  const handlers = new Map(Object.entries(routes));
  const calls: RecordedCall[] = [];

  const match = (method: string, path: string): Handler | undefined => {
    for (const [route, handler] of handlers) {
      const [routeMethod, routePath] = route.split(' ') as [string, string];
      if (routeMethod !== method) continue;
      const pattern = new RegExp(`^${routePath.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
      if (pattern.test(path)) return handler;
    }
    return undefined;
  };

  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: headers.get('authorization'),
      idempotencyKey: headers.get('idempotency-key'),
      signal: init?.signal ?? undefined,
    };
    calls.push(call);
    const handler = match(method, url.pathname);
    const reply = handler
      ? await handler(call)
      : {
          status: 404,
          body: { statusCode: 404, error: 'Not Found', message: `Route ${method} ${url.pathname} not found` },
        };
    const status = reply.status ?? 200;
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    return new Response(status === 204 ? null : text, {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };

  return {
    fetch: fetchImpl as typeof fetch,
    calls,
    callsTo: (route) => {
      const [method, path] = route.split(' ');
      return calls.filter((c) => c.method === method && c.path === path);
    },
    on: (route, handler) => handlers.set(route, handler),
  };
}

export function errorReply(status: number, message: string, code?: string): FakeReply {
  const error = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 409: 'Conflict' }[status];
  return {
    status,
    body: { statusCode: status, error: error ?? 'Error', message, ...(code ? { code } : {}) },
  };
}
