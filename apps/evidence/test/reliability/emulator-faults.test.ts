// Faults from WeChat for a while, then recovery: 5xx, errcode -1 (system busy), 45009 (quota), timeouts
// (the emulator answers after the BFF's 5 s deadline) and revoked access tokens, against three BFF
// processes on one PostgreSQL. Every notice is delivered once, and the access token is fetched once per
// refresh across all instances (they share it through the database).

import type { NoticeLogEntry } from '@checkout/shared';
import { describe, expect, it } from 'vitest';
import { ADMIN, type BffProcess, call } from '../support/bff-process.js';
import { useCluster } from '../support/cluster.js';
import { login, order, pay, type Shopper } from '../support/shopper.js';
import { pool, sleep, waitFor } from '../support/wait.js';

const ORDERS_PER_PHASE = 12;

describe('WeChat faults, then recovery, across three BFF processes', () => {
  const world = useCluster('faults', 3);

  const tokenFetches = () => {
    const calls = world.emulator.app.sim.stats.snapshot().calls;
    return (calls.stable_token ?? 0) + (calls.token ?? 0);
  };
  const fault = (spec: Record<string, unknown>) =>
    world.emulator.post('/sim/faults', { endpoint: 'template_send', ...spec });

  /** Orders on every instance in turn, all paid at once; resolves when each shopper has a message. */
  async function payAndDeliver(): Promise<{ sn: string; shopper: Shopper; instance: BffProcess }[]> {
    const orders = await pool(Array.from({ length: ORDERS_PER_PHASE }), 4, async (_, i) => {
      const instance = world.cluster[i % world.cluster.length]!;
      const shopper = await login(world.emulator, instance.url);
      const { formIds } = await world.emulator.post<{ formIds: string[] }>('/sim/form-ids', {
        openid: shopper.openid,
      });
      const created = await order(instance.url, shopper, undefined, formIds[0]);
      return { sn: created.order.sn, shopper, instance, payment: created.payment };
    });
    await Promise.all(orders.map((o) => pay(world.emulator, o.payment)));
    for (const { sn, shopper } of orders) {
      await waitFor(
        async () => ((await world.emulator.inbox(shopper.openid)).length > 0 ? true : undefined),
        `the notice of ${sn}`,
        120_000,
        200,
      );
    }
    return orders;
  }

  async function expectDeliveredOnce(orders: { sn: string; shopper: Shopper; instance: BffProcess }[]) {
    await sleep(1500); // a duplicate would arrive now
    const failedAttempts: number[] = [];
    for (const { sn, shopper, instance } of orders) {
      expect(await world.emulator.inbox(shopper.openid), `inbox for ${sn}`).toHaveLength(1);
      const log = await call<{ notices: NoticeLogEntry[] }>(`${instance.url}/admin/notices?sn=${sn}`, {
        headers: ADMIN,
      });
      expect(
        log.notices.filter((n) => n.errcode === 0),
        `successful sends of ${sn}`,
      ).toHaveLength(1);
      failedAttempts.push(...log.notices.filter((n) => n.errcode !== 0).map((n) => n.errcode ?? -999));
    }
    return failedAttempts;
  }

  it('phase 1: 5xx, -1, 45009 and timeouts, then all delivered once; one token fetch', async () => {
    expect(tokenFetches()).toBe(0);
    await fault({ status: 503, count: 5 });
    await fault({ errcode: -1, count: 5 });
    await fault({ errcode: 45009, count: 5 });
    // Answers after 6 s (the BFF gives up at 5 s), then 504: WeChat did not take these messages.
    await fault({ delayMs: 6000, status: 504, count: 2 });
    const orders = await payAndDeliver();
    const failed = await expectDeliveredOnce(orders);
    expect(await world.emulator.get('/sim/faults')).toEqual({ pending: {} });
    // 17 faulty answers, each seen by some notice as a failed attempt and then retried.
    expect(failed.length).toBe(17);
    expect(failed.filter((e) => e === 45009)).toHaveLength(5);
    expect(failed.filter((e) => e === -1)).toHaveLength(5);
    expect(tokenFetches()).toBe(1);
  });

  it('phase 2: tokens revoked (40001 everywhere), then one refresh shared by all instances', async () => {
    const before = tokenFetches();
    const { revoked } = await world.emulator.post<{ revoked: number }>('/sim/tokens/revoke', {
      appid: world.emulator.appid,
    });
    expect(revoked).toBeGreaterThanOrEqual(1);
    const orders = await payAndDeliver();
    await expectDeliveredOnce(orders);
    expect(tokenFetches() - before).toBe(1);
  });

  it('phase 3: revoked again while sends also fail, then recovery; again one refresh', async () => {
    const before = tokenFetches();
    await world.emulator.post('/sim/tokens/revoke', { appid: world.emulator.appid });
    await fault({ status: 502, count: 4 });
    await fault({ errcode: -1, count: 4 });
    const orders = await payAndDeliver();
    await expectDeliveredOnce(orders);
    expect(tokenFetches() - before).toBe(1);
    for (const instance of world.cluster) expect(instance.unexpectedExits()).toEqual([]);
  });
});
