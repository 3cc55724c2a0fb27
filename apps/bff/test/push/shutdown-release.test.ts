// Closing an app releases what its trigger worker leased but did not finish: the run is due again at
// once, so another instance forwards it now instead of after the 60 s lease.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminTriggerLogsReply, TriggerReply } from '@checkout/shared';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../../src/db/connect.js';
import { buildTestApp, DATABASES, type DatabaseFlavour, freshDatabase } from '../helper.js';
import {
  ADMIN,
  adminGet,
  cardEventXml,
  FAST_WORKER,
  postPush,
  pushEnv,
  safeRequest,
  waitFor,
} from './push-kit.js';

/** Leases and retries far longer than the test: only a release lets the run go again in time. */
const SLOW_LEASE = {
  ...FAST_WORKER,
  leaseMs: 60_000,
  backoffBaseMs: 60_000,
  backoffMaxMs: 60_000,
  forwardTimeoutMs: 60_000,
};

/** A database that outlives one app: a PGlite folder, or a PostgreSQL database. */
async function lastingDatabase(
  flavour: DatabaseFlavour,
): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (flavour === 'postgres') return freshDatabase(flavour);
  const dataDir = mkdtempSync(join(tmpdir(), 'bff-release-'));
  return { target: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A forward target that holds the first request (never answers it) and accepts the later ones. */
async function holdingTarget() {
  const held: ServerResponse[] = [];
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      if (received === 1) held.push(response);
      else response.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(DATABASES)('closing an app mid-forward on %s', (flavour) => {
  it('gives the leased run back, due now: the next app forwards it at once and the attempt does not count', async () => {
    const database = await lastingDatabase(flavour);
    const target = await holdingTarget();
    try {
      const first = await buildTestApp(flavour, {
        env: pushEnv(),
        database: database.target,
        push: { worker: SLOW_LEASE },
      });
      const created = await first.app.inject({
        method: 'POST',
        url: '/admin/triggers',
        headers: ADMIN,
        payload: {
          name: 'forward-gifts',
          condition: { event: 'user_gifting_card' },
          action: { type: 'forward', url: target.url, secret: 'forward-secret-0123456789' },
          maxAttempts: 3,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const trigger = (created.json() as TriggerReply).trigger;
      const push = await postPush(first.app, safeRequest(cardEventXml({ Event: 'user_gifting_card' })));
      expect(push.body).toBe('success');
      // The forward is in flight (the target holds it) when the app closes.
      await waitFor(async () => (target.received() === 1 ? true : undefined));
      await first.close();

      const second = await buildTestApp(flavour, {
        env: pushEnv(),
        database: database.target,
        push: { worker: SLOW_LEASE, runWorker: false },
      });
      try {
        const run = await second.app.db
          .selectFrom('push_trigger_runs')
          .select(['status', 'attempts', sql<boolean>`next_attempt_at <= now()`.as('due')])
          .where('trigger_id', '=', trigger.id)
          .executeTakeFirstOrThrow();
        expect(run).toEqual({ status: 'pending', attempts: 0, due: true });

        expect(await second.app.push.worker.runDue()).toBe(1);
        expect(target.received()).toBe(2);
        const { logs } = await adminGet<AdminTriggerLogsReply>(
          second.app,
          `/admin/trigger-logs?triggerId=${trigger.id}`,
        );
        expect(logs.map((log) => [log.attempt, log.status])).toEqual([[1, 'succeeded']]);
      } finally {
        await second.close();
      }
    } finally {
      await target.close();
      await database.drop();
    }
    // Two app start-ups on a file-backed database: slow on a loaded machine.
  }, 120_000);
});
