// A scripted platform for tests: an in-memory BFF behind `request`, and a log of every platform call
// in order, so a test reads like the sequence a phone would go through.
import type { CatalogItem, Order, RequestPaymentParams } from '@checkout/shared';
import type {
  CheckoutPort,
  HttpRequest,
  HttpResponse,
  PaymentResult,
  PaymentSubject,
} from '../src/checkout/port';

export const API_BASE = 'http://bff.test';

export const CATALOG: CatalogItem[] = [
  { sku: 'tea', name: '龙井茶', priceFen: 1234 },
  { sku: 'cup', name: '青瓷杯', priceFen: 500 },
];

export const PAYMENT: RequestPaymentParams = {
  timeStamp: '1700000000',
  nonceStr: 'nonce',
  package: 'prepay_id=wx123',
  signType: 'RSA',
  paySign: 'signature',
};

export type Route = (
  request: HttpRequest,
  body: Record<string, unknown>,
) => HttpResponse | Promise<HttpResponse>;

const json = (status: number, body: unknown): HttpResponse => ({ status, body });
export const errorReply = (status: number, message: string): HttpResponse =>
  json(status, { statusCode: status, error: 'Error', message });

export function makeOrder(
  sn: string,
  lines: { sku: string; quantity: number }[],
  status: Order['status'] = 'unpaid',
): Order {
  const priced = lines.map((line) => {
    const item = CATALOG.find((candidate) => candidate.sku === line.sku);
    if (!item) throw new Error(`unknown sku ${line.sku}`);
    return { ...item, quantity: line.quantity };
  });
  return {
    sn,
    status,
    lines: priced,
    totalFen: priced.reduce((sum, line) => sum + line.priceFen * line.quantity, 0),
    createdAt: '2026-11-23T06:00:00.000Z',
    notices: [],
  };
}

/** A BFF with sessions, a catalog and orders; a test replaces any route to script a failure. */
export function createFakeBff() {
  const tokens = new Set<string>();
  const orders = new Map<string, Order>();
  let logins = 0;
  let nextSn = 1;

  const authorised = (request: HttpRequest) => {
    const token = request.headers.authorization?.replace(/^Bearer /, '');
    return token !== undefined && tokens.has(token);
  };

  const routes: Record<string, Route> = {
    'POST /auth/login': (_request, body) => {
      if (typeof body.code !== 'string' || body.code === '') return errorReply(400, 'body.code is required');
      logins += 1;
      const token = `token-${logins}`;
      tokens.add(token);
      return json(200, { token, expiresAt: '2099-01-01T00:00:00.000Z' });
    },
    'GET /catalog': () => json(200, { items: CATALOG }),
    'POST /orders': (_request, body) => {
      const order = makeOrder(
        `SN${String(nextSn++).padStart(6, '0')}`,
        body.items as { sku: string; quantity: number }[],
      );
      orders.set(order.sn, order);
      return json(201, { order, payment: PAYMENT });
    },
    'GET /orders': () => json(200, { orders: [...orders.values()] }),
    'GET /orders/:sn': (request) => {
      const order = orders.get(snOf(request));
      return order ? json(200, order) : errorReply(404, 'order not found');
    },
    'POST /orders/:sn/payment': (request) =>
      orders.get(snOf(request))?.status === 'unpaid'
        ? json(200, PAYMENT)
        : errorReply(409, 'order is not unpaid'),
    'POST /subscriptions': (_request, body) => json(200, { recorded: (body.templateIds as string[]).length }),
    'POST /wx/sendTemplatePaySuccess': (_request, body) => {
      const sn = String(body.sn);
      const order = orders.get(sn);
      if (!order) return errorReply(404, 'order not found');
      order.status = 'paid';
      order.notices = [{ sn, kind: 'pay_success', status: 'sent', channel: 'subscribe' }];
      return json(200, order.notices[0]);
    },
  };

  function snOf(request: HttpRequest): string {
    return decodeURIComponent(new URL(request.url).pathname.split('/')[2] ?? '');
  }

  function routeKey(request: HttpRequest): string {
    const path = new URL(request.url).pathname.replace(/^\/orders\/[^/]+/, '/orders/:sn');
    return `${request.method} ${path}`;
  }

  async function handle(request: HttpRequest): Promise<HttpResponse> {
    const key = routeKey(request);
    const route = routes[key];
    if (!route) return errorReply(404, `no route ${key}`);
    if (key !== 'POST /auth/login' && !authorised(request)) return errorReply(401, 'session expired');
    return route(request, (request.body ?? {}) as Record<string, unknown>);
  }

  return {
    routes,
    orders,
    handle,
    /** Forget every session, as a BFF restart with a new secret would. */
    dropSessions: () => tokens.clear(),
    get logins() {
      return logins;
    },
  };
}

export type FakeBff = ReturnType<typeof createFakeBff>;

export interface FakePortOptions {
  bff?: FakeBff;
  payment?: PaymentResult | ((subject: PaymentSubject) => Promise<PaymentResult>);
  /** Which requested templates the shopper accepts; all by default. */
  accept?: (templateIds: readonly string[]) => string[];
  /** What the platform says the submit's formId is; the event's own by default. */
  formId?: (eventFormId: string | undefined) => Promise<string | undefined>;
}

export function createFakePort(options: FakePortOptions = {}) {
  const bff = options.bff ?? createFakeBff();
  const events: string[] = [];
  const requests: HttpRequest[] = [];
  const store = new Map<string, string>();
  let loginCodes = 0;
  let loadingDepth = 0;

  const port: CheckoutPort = {
    async request(request) {
      requests.push(request);
      events.push(`${request.method} ${new URL(request.url).pathname}`);
      return bff.handle(request);
    },
    async login() {
      events.push('login');
      loginCodes += 1;
      return `code-${loginCodes}`;
    },
    formIdForSubmit: options.formId ?? (async (eventFormId) => eventFormId),
    async requestPayment(params, subject) {
      events.push(`requestPayment ${params.package} ${subject.sn} ${subject.totalFen}`);
      const payment = options.payment ?? { outcome: 'ok' };
      return typeof payment === 'function' ? payment(subject) : payment;
    },
    async requestSubscribeMessage(templateIds) {
      events.push(`requestSubscribeMessage ${templateIds.join(',')}`);
      return options.accept ? options.accept(templateIds) : [...templateIds];
    },
    async navigateTo(url) {
      events.push(`navigateTo ${url}`);
    },
    async redirectTo(url) {
      events.push(`redirectTo ${url}`);
    },
    storage: {
      get: (key) => store.get(key),
      set: (key, value) => void store.set(key, value),
      remove: (key) => void store.delete(key),
    },
    toast(message) {
      events.push(`toast ${message}`);
    },
    showLoading(title) {
      loadingDepth = 1;
      events.push(`showLoading ${title}`);
    },
    hideLoading() {
      loadingDepth = 0;
    },
  };

  return {
    port,
    bff,
    events,
    requests,
    store,
    /** true while a loading mask is shown. */
    isLoading: () => loadingDepth > 0,
    toasts: () => events.filter((event) => event.startsWith('toast ')).map((event) => event.slice(6)),
    redirects: () =>
      events.filter((event) => event.startsWith('redirectTo ')).map((event) => event.slice(11)),
  };
}
