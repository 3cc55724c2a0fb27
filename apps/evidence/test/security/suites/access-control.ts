// The access-control matrix: one shopper against another's order (read, pay, notify), prices the client
// tries to set, and every admin route without (or with a wrong, or a shopper's) token. Successes: 0.

import { describe, expect, it } from 'vitest';
import { login, order } from '../../support/shopper.js';
import type { World } from '../world.js';

export function accessControlSuite(world: () => World): void {
  describe('access-control matrix', () => {
    it("a shopper reading, paying or notifying another shopper's order succeeds 0 times", async () => {
      const w = world();
      const owner = await login(w.emulator, w.url);
      const other = await login(w.emulator, w.url);
      w.remember('session token', owner.headers.authorization.slice(7));
      w.remember('session token', other.headers.authorization.slice(7));
      const { order: theirs } = await order(w.url, owner);
      const forged = `Bearer ${owner.headers.authorization.slice(7, -2)}xx`;
      const attempts = [
        { method: 'GET', url: `/orders/${theirs.sn}` },
        { method: 'POST', url: `/orders/${theirs.sn}/payment`, payload: {} },
        { method: 'POST', url: '/wx/sendTemplatePaySuccess', payload: { sn: theirs.sn } },
        {
          method: 'POST',
          url: '/wx/sendTemplatePaySuccess',
          payload: `sn=${theirs.sn}&form_id=abc`,
          form: true,
        },
      ] as const;
      const results: string[] = [];
      for (const identity of [other.headers.authorization, forged, 'Bearer ', '']) {
        for (const attempt of attempts) {
          const res = await w.app.inject({
            method: attempt.method,
            url: attempt.url,
            headers: {
              ...(identity ? { authorization: identity } : {}),
              ...('form' in attempt ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            },
            ...('payload' in attempt ? { payload: attempt.payload } : {}),
          });
          results.push(
            `${attempt.method} ${attempt.url} as ${identity === other.headers.authorization ? 'other shopper' : identity || 'nobody'}: ${res.statusCode}`,
          );
          expect(res.statusCode, results.at(-1)).toBeGreaterThanOrEqual(400);
          expect(res.body).not.toContain(owner.openid);
        }
      }
      const list = await w.app.inject({ method: 'GET', url: '/orders', headers: other.headers });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(theirs.sn);
      // Nothing happened to the order: unpaid, no notice.
      const mine = await w.app.inject({ method: 'GET', url: `/orders/${theirs.sn}`, headers: owner.headers });
      expect(mine.json()).toMatchObject({ status: 'unpaid', notices: [] });
    });

    it('a tampered price creates 0 orders at that price', async () => {
      const w = world();
      const shopper = await login(w.emulator, w.url);
      const catalog = (await w.app.inject({ method: 'GET', url: '/catalog' })).json() as {
        items: { sku: string; priceFen: number }[];
      };
      const item = catalog.items.find((i) => i.priceFen > 1)!;
      const tampered = [
        { items: [{ sku: item.sku, quantity: 1, priceFen: 1 }] },
        { items: [{ sku: item.sku, quantity: 1, price: 1 }] },
        { items: [{ sku: item.sku, quantity: 1 }], totalFen: 1 },
        { items: [{ sku: item.sku, quantity: 1 }], amount: { total: 1 } },
        { items: [{ sku: item.sku, quantity: -1 }] },
        { items: [{ sku: item.sku, quantity: 0.01 }] },
        { items: [{ sku: item.sku, quantity: 1e12 }] },
        { items: [{ sku: item.sku, quantity: '1' }], priceFen: '1' },
        { items: [{ sku: `${item.sku}' OR 1=1 --`, quantity: 1 }] },
        { items: Array.from({ length: 1000 }, () => ({ sku: item.sku, quantity: 1 })) },
      ];
      const totals: number[] = [];
      for (const body of tampered) {
        const res = await w.app.inject({
          method: 'POST',
          url: '/orders',
          headers: shopper.headers,
          payload: body,
        });
        expect(
          res.statusCode,
          `${JSON.stringify(body).slice(0, 120)}: ${res.body.slice(0, 200)}`,
        ).toBeLessThan(500);
        if (res.statusCode === 200) {
          const created = res.json() as {
            order: { totalFen: number; lines: { sku: string; quantity: number; unitPriceFen?: number }[] };
          };
          totals.push(created.order.totalFen);
          const quantity = created.order.lines.reduce((n, l) => n + l.quantity, 0);
          expect(created.order.totalFen).toBe(item.priceFen * quantity);
        }
      }
      expect(totals.filter((t) => t === 1)).toEqual([]);
      const all = await w.app.inject({
        method: 'GET',
        url: '/admin/orders?limit=200',
        headers: { authorization: `Bearer ${[...w.secrets].find(([, k]) => k === 'admin token')![0]}` },
      });
      const atTamperedPrice = (all.json() as { orders: { totalFen: number }[] }).orders.filter(
        (o) => o.totalFen === 1,
      );
      expect(atTamperedPrice).toEqual([]);
    });

    it("admin routes without the token, with a wrong one or a shopper's: 0 successes", async () => {
      const w = world();
      const shopper = await login(w.emulator, w.url);
      const sn = (await order(w.url, shopper)).order.sn;
      const routes = [
        ['GET', '/admin/orders'],
        ['POST', `/admin/orders/${sn}/ship`, { carrier: '中通快递', trackingNo: 'ZT1234567890' }],
        ['GET', '/admin/notices'],
        ['GET', '/admin/events'],
        ['GET', '/admin/triggers'],
        [
          'POST',
          '/admin/triggers',
          { name: 'evil', condition: {}, action: { type: 'record-card-redemption' } },
        ],
        ['GET', '/admin/trigger-logs'],
        ['GET', '/admin/card-redemptions'],
        ['GET', '/admin/card-redemptions/daily?from=2024-05-01&to=2024-05-31'],
      ] as const;
      // Every /admin route the app serves is in the list above (the OpenAPI document names them).
      const doc = (await w.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
        paths: Record<string, Record<string, unknown>>;
      };
      const served = Object.entries(doc.paths ?? {})
        .filter(([path]) => path.startsWith('/admin'))
        .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
      const probed: string[] = [];
      for (const identity of [
        undefined,
        'Bearer wrong-token-0123456789abcdef',
        shopper.headers.authorization,
        'Basic YWRtaW46YWRtaW4=',
      ]) {
        for (const [method, url, payload] of routes) {
          const res = await w.app.inject({
            method,
            url,
            headers: identity ? { authorization: identity } : {},
            ...(payload ? { payload } : {}),
          });
          expect([401, 403], `${method} ${url} with ${identity ?? 'no token'}: ${res.statusCode}`).toContain(
            res.statusCode,
          );
        }
      }
      for (const entry of served) {
        const [method, path] = entry.split(' ') as [string, string];
        const url = path.replace(/\{[^}]+\}|:[A-Za-z]+/g, sn.startsWith('2') ? '1' : sn);
        const res = await w.app.inject({
          method: method as 'GET',
          url,
          payload: method === 'GET' ? undefined : {},
        });
        probed.push(`${entry}: ${res.statusCode}`);
        // An empty body may be refused by validation (400) before authentication: still not a success.
        expect([400, 401, 403], `${entry} without a token`).toContain(res.statusCode);
      }
      expect(served.length, 'the OpenAPI document lists the admin routes').toBeGreaterThanOrEqual(
        routes.length,
      );
      const order2 = await w.app.inject({ method: 'GET', url: `/orders/${sn}`, headers: shopper.headers });
      expect(order2.json()).toMatchObject({ status: 'unpaid' });
    });
  });
}
