// Crash safety: 50 trials, each kills a BFF process with SIGKILL at a random point between "order paid"
// (the payment notification was stored) and "notice delivered" (the emulator's inbox has it), then
// restarts it. Three processes share one PostgreSQL and take turns, so a notice a dead process held is
// taken over once its lease runs out. Afterwards: every notice delivered, none twice.

import type { NoticeLogEntry } from '@checkout/shared';
import { describe, expect, it } from 'vitest';
import { ADMIN, call } from '../support/bff-process.js';
import { useCluster } from '../support/cluster.js';
import { login, order, pay, type Shopper } from '../support/shopper.js';
import { sleep, waitFor } from '../support/wait.js';

const TRIALS = 50;
/** Kill points are drawn from [0, this) ms after the order is paid; a third of trials first fail once. */
const KILL_WINDOW_MS = 150;
const KILL_WINDOW_WITH_RETRY_MS = 450;
/** A killed process's notice is taken over after this (production: 60 s), so the suite runs in seconds. */
const NOTICE_LEASE_MS = '3000';

describe('SIGKILL between "order paid" and "notice delivered", 50 trials', () => {
  const world = useCluster('crash', 3, { NOTICE_LEASE_MS });

  interface Trial {
    sn: string;
    shopper: Shopper;
    killAfterMs: number;
    /** The emulator's inbox already had the notice right after the kill. */
    deliveredBeforeKill: boolean;
    inbox: number;
    sentAttempts: number;
    status: string;
  }
  const trials: Trial[] = [];
  const describeTrial = (t: Trial) =>
    `${t.sn} (killed ${t.killAfterMs.toFixed(0)} ms after paid): inbox ${t.inbox}, successful sends logged ${t.sentAttempts}, notice ${t.status}`;

  it('runs 50 kill-and-restart trials and every notice reaches the shopper', async () => {
    const restarts: Promise<void>[] = world.cluster.map(() => Promise.resolve());
    const started = Date.now();
    const orderStatus = async (sn: string) =>
      (await world.database.query<{ status: string }>('SELECT status FROM orders WHERE sn = $1', [sn]))[0]
        ?.status;
    const killed: Omit<Trial, 'inbox' | 'sentAttempts' | 'status'>[] = [];

    for (let trial = 0; trial < TRIALS; trial++) {
      const slot = trial % world.cluster.length;
      await restarts[slot];
      const instance = world.cluster[slot]!;
      const shopper = await login(world.emulator, instance.url);
      const { formIds } = await world.emulator.post<{ formIds: string[] }>('/sim/form-ids', {
        openid: shopper.openid,
      });
      const created = await order(instance.url, shopper, undefined, formIds[0]);
      const sn = created.order.sn;
      const withRetry = trial % 3 === 0;
      if (withRetry)
        await world.emulator.post('/sim/faults', { endpoint: 'template_send', errcode: -1, count: 1 });
      const killAfterMs = Math.random() * (withRetry ? KILL_WINDOW_WITH_RETRY_MS : KILL_WINDOW_MS);
      await pay(world.emulator, created.payment);
      await waitFor(
        async () => ((await orderStatus(sn)) === 'paid' ? true : undefined),
        `${sn} paid`,
        30_000,
        5,
      );
      await sleep(killAfterMs);
      await instance.kill();
      const deliveredBeforeKill = (await world.emulator.inbox(shopper.openid)).length > 0;
      killed.push({ sn, shopper, deliveredBeforeKill, killAfterMs });
      // A leftover fault (the kill came first) must not leak into the next trial.
      await world.emulator.app.inject({ method: 'DELETE', url: '/sim/faults' });
      restarts[slot] = instance.restart();
    }
    await Promise.all(restarts);
    const loopMs = Date.now() - started;

    // A notice held by a killed process waits for its lease (NOTICE_LEASE_MS) to run out.
    await waitFor(
      async () => {
        const [row] = await world.database.query<{ n: string }>(
          `SELECT count(*) AS n FROM notices WHERE status NOT IN ('sent', 'failed')`,
        );
        return Number(row?.n) === 0 ? true : undefined;
      },
      'every notice to be settled',
      180_000,
      500,
    );
    await sleep(2000); // a late duplicate would show up now
    const entry = world.cluster[0]!;
    for (const t of killed) {
      const inbox = await world.emulator.inbox(t.shopper.openid);
      const view = await call<{ notices: { status: string }[] }>(`${entry.url}/orders/${t.sn}`, {
        headers: t.shopper.headers,
      });
      const log = await call<{ notices: NoticeLogEntry[] }>(`${entry.url}/admin/notices?sn=${t.sn}`, {
        headers: ADMIN,
      });
      trials.push({
        ...t,
        inbox: inbox.length,
        sentAttempts: log.notices.filter((n) => n.errcode === 0).length,
        status: view.notices.map((n) => n.status).join(),
      });
      expect(inbox[0]?.data.keyword1?.value, `the notice of ${t.sn}`).toBe(t.sn);
    }
    const before = trials.filter((t) => !t.deliveredBeforeKill).length;
    console.log(
      `crash: ${TRIALS} kills in ${loopMs} ms, all settled after ${Date.now() - started} ms; ` +
        `${before} kills landed before the notice reached the inbox, ${TRIALS - before} after WeChat had taken it`,
    );
    expect(trials).toHaveLength(TRIALS);
    expect(trials.filter((t) => t.inbox === 0).map(describeTrial)).toEqual([]);
    for (const instance of world.cluster) expect(instance.unexpectedExits()).toEqual([]);
  });

  it('a kill before WeChat took the message: delivered exactly once, recorded as sent', () => {
    const early = trials.filter((t) => !t.deliveredBeforeKill);
    expect(early.length).toBeGreaterThan(0);
    expect(
      early.filter((t) => t.inbox !== 1 || t.sentAttempts !== 1 || t.status !== 'sent').map(describeTrial),
    ).toEqual([]);
  });

  it('a kill after WeChat took the message but before the BFF recorded it: still delivered once', () => {
    const late = trials.filter((t) => t.deliveredBeforeKill);
    expect(late.filter((t) => t.inbox !== 1 || t.status !== 'sent').map(describeTrial)).toEqual([]);
  });
});
