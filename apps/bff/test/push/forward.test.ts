import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminTriggerLogsReply, TriggerReply } from '@checkout/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardSignature } from '../../src/push/actions/forward.js';
import { DATABASES, type TestApp } from '../helper.js';
import {
  ADMIN,
  adminGet,
  buildPushApp,
  cardEventXml,
  FAST_WORKER,
  postPush,
  safeRequest,
  waitFor,
} from './push-kit.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver answering with a fixed status (or never, for 0), recording what it got. */
async function receiver(
  status: number,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      if (status !== 0) response.writeHead(status).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const SECRET = 'forward-secret-0123456789';

describe.each(DATABASES)('forward triggers on %s', (flavour) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildPushApp(flavour);
  });
  afterAll(() => t.close());

  async function forwardTrigger(name: string, event: string, url: string, maxAttempts: number) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/triggers',
      headers: ADMIN,
      payload: { name, condition: { event }, action: { type: 'forward', url, secret: SECRET }, maxAttempts },
    });
    expect(res.statusCode).toBe(201);
    return (res.json() as TriggerReply).trigger;
  }

  it('a failing target is retried with backoff, then the run is logged as failed', async () => {
    const target = await receiver(500);
    try {
      const trigger = await forwardTrigger('forward-gifts', 'user_gifting_card', target.url, 3);
      expect(trigger.action).toEqual({ type: 'forward', url: target.url });
      const push = await postPush(t.app, safeRequest(cardEventXml({ Event: 'user_gifting_card' })));
      expect(push.body, push.body).toBe('success');
      const { logs } = await waitFor(async () => {
        const reply = await adminGet<AdminTriggerLogsReply>(
          t.app,
          `/admin/trigger-logs?triggerId=${trigger.id}`,
        );
        return reply.logs.some((l) => l.status === 'failed') ? reply : undefined;
      });
      expect(logs.map((l) => [l.attempt, l.status]).reverse()).toEqual([
        [1, 'retrying'],
        [2, 'retrying'],
        [3, 'failed'],
      ]);
      expect(logs[0]?.error).toBe('forward target answered HTTP 500');
      expect(target.received).toHaveLength(3);
      const failed = await adminGet<AdminTriggerLogsReply>(t.app, '/admin/trigger-logs?status=failed');
      expect(failed.logs.map((l) => l.triggerName)).toEqual(['forward-gifts']);
    } finally {
      await target.close();
    }
  });

  it('a healthy target gets the event as JSON with a valid HMAC-SHA256 signature', async () => {
    const target = await receiver(204);
    try {
      await forwardTrigger('forward-deletions', 'user_del_card', target.url, 3);
      await postPush(
        t.app,
        safeRequest(cardEventXml({ Event: 'user_del_card', UserCardCode: '123456789012' })),
      );
      await waitFor(async () => (target.received.length > 0 ? true : undefined));
      const [request] = target.received;
      const timestamp = String(request?.headers['x-push-timestamp']);
      expect(request?.headers['x-push-signature']).toBe(
        forwardSignature(SECRET, timestamp, request?.body ?? ''),
      );
      expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
      expect(JSON.parse(request?.body ?? '')).toMatchObject({
        msgType: 'event',
        event: 'user_del_card',
        message: { UserCardCode: '123456789012', CardId: 'pCard000000000000000000000001' },
      });
    } finally {
      await target.close();
    }
  });

  it('closing the app aborts a forward that hangs', async () => {
    const target = await receiver(0);
    // A forward timeout far longer than the close budget: only the abort can end it in time.
    const own = await buildPushApp(flavour, undefined, {
      worker: { ...FAST_WORKER, forwardTimeoutMs: 30_000 },
    });
    try {
      const res = await own.app.inject({
        method: 'POST',
        url: '/admin/triggers',
        headers: ADMIN,
        payload: {
          name: 'forward-hanging',
          condition: { event: 'user_view_card' },
          action: { type: 'forward', url: target.url, secret: SECRET },
        },
      });
      expect(res.statusCode).toBe(201);
      await postPush(own.app, safeRequest(cardEventXml({ Event: 'user_view_card' })));
      await waitFor(async () => (target.received.length > 0 ? true : undefined));
      const started = Date.now();
      await own.app.close();
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await own.close().catch(() => {});
      await target.close();
    }
  });
});
