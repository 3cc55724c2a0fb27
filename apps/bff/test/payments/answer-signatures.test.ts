import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helper.js';
import { type Emulator, openShop, type Shop, startEmulator } from '../support/shop.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe.each(DATABASES)('WeChat Pay answers must be signed, on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop(emulator, flavour);
  });
  afterAll(() => shop.close());

  it.each([
    ['forged', 'forge'],
    ['unsigned', 'strip'],
  ] as const)(
    'a %s prepay answer gives the shopper no prepay_id; the next signed one does',
    async (_name, fault) => {
      const shopper = await shop.login();
      await emulator.post('/sim/pay/faults', { answers: fault });
      const refused = await shop.app.inject({
        method: 'POST',
        url: '/orders',
        headers: shopper.headers,
        payload: { items: [{ sku: 'drip-bags-10', quantity: 1 }] },
      });
      expect(refused.statusCode).toBe(502);
      expect(refused.body).not.toMatch(/prepay_id|paySign/);
      const stored = await sql<{ prepay_id: string | null }>`SELECT prepay_id FROM orders
        WHERE openid = ${shopper.openid}`.execute(shop.app.db);
      expect(stored.rows.map((r) => r.prepay_id)).toEqual([null]);

      const { orders } = (
        await shop.app.inject({ method: 'GET', url: '/orders', headers: shopper.headers })
      ).json() as { orders: { sn: string }[] };
      const retry = await shop.app.inject({
        method: 'POST',
        url: `/orders/${orders[0]!.sn}/payment`,
        headers: shopper.headers,
      });
      expect(retry.statusCode).toBe(200);
      expect(retry.json().package).toMatch(/^prepay_id=wx/);
    },
  );
});
