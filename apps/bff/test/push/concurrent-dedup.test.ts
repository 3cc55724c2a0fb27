import type { AdminCardRedemptionsReply, AdminEventsReply, AdminTriggerLogsReply } from '@checkout/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/build-app.js';
import { DATABASES, type DatabaseFlavour, freshDatabase, testConfig } from '../helper.js';
import { adminGet, FAST_WORKER, OFFICIAL_ACCOUNT, pushEnv, waitFor } from './push-kit.js';
import { listenForPush, officialAccountUrl, simPush, startSim } from './sim-kit.js';

/** Two BFF instances on one PostgreSQL database; PGlite serves one process, so one instance there. */
async function buildInstances(flavour: DatabaseFlavour) {
  const database = await freshDatabase(flavour);
  const count = flavour === 'postgres' ? 2 : 1;
  const apps: FastifyInstance[] = [];
  for (let i = 0; i < count; i++) {
    apps.push(
      await buildApp({
        config: testConfig(pushEnv()),
        database: database.target,
        logger: false,
        push: { worker: FAST_WORKER },
      }),
    );
  }
  return {
    apps,
    close: async () => {
      for (const app of apps) await app.close();
      await database.drop();
    },
  };
}

describe.each(DATABASES)('the same event delivered ten times at once on %s', (flavour) => {
  let instances: Awaited<ReturnType<typeof buildInstances>>;
  let sim: Awaited<ReturnType<typeof startSim>>;
  let urls: string[];
  beforeAll(async () => {
    [instances, sim] = await Promise.all([buildInstances(flavour), startSim()]);
    // A card event reaches the Official Account's push URL.
    urls = (await Promise.all(instances.apps.map(listenForPush))).map(officialAccountUrl);
  });
  afterAll(async () => {
    await sim.close();
    await instances.close();
  });

  it('stores one event, runs one trigger and records one redemption', async () => {
    const message = {
      FromUserName: 'oConcurrent0000000000000001',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'user_consume_card',
      CardId: 'pConcurrentCard00000000000001',
      UserCardCode: '880012345678',
      ConsumeSource: 'FROM_MOBILE_HELPER',
    };
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        simPush(sim.sim, '/sim/push', {
          url: urls[i % urls.length],
          appid: OFFICIAL_ACCOUNT.appid,
          mode: 'safe',
          format: 'xml',
          message,
        }),
      ),
    );
    for (const outcome of outcomes) expect(outcome.attempts.map((a) => a.body)).toEqual(['success']);

    const app = instances.apps[0]!;
    await waitFor(async () => {
      const reply = await adminGet<AdminCardRedemptionsReply>(app, '/admin/card-redemptions');
      return reply.total > 0 ? reply : undefined;
    });
    // Give every worker time to pick up anything that should not exist.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const events = await adminGet<AdminEventsReply>(app, '/admin/events');
    expect(events.total).toBe(1);
    expect(events.events[0]?.duplicates).toBe(9);
    const runs = await app.db.selectFrom('push_trigger_runs').selectAll().execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    const logs = await adminGet<AdminTriggerLogsReply>(app, '/admin/trigger-logs');
    expect(logs.logs.map((l) => [l.status, l.attempt])).toEqual([['succeeded', 1]]);
    const redemptions = await adminGet<AdminCardRedemptionsReply>(app, '/admin/card-redemptions');
    expect(redemptions.total).toBe(1);
    expect(redemptions.redemptions[0]).toMatchObject({
      userCardCode: '880012345678',
      consumeSource: 'FROM_MOBILE_HELPER',
    });
  });
});
