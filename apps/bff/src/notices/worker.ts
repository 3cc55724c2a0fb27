// The outbox worker: each round leases due notices and delivers them side by side, on the shared polling
// loop (a payment that just arrived wakes it). Closing stops the rounds between sends and gives the
// notices back (NoticeSender.deliver), so another instance carries on at once.

import type { FastifyBaseLogger } from 'fastify';
import { PollingWorker, type PollingWorkerOptions } from '../core/workers/polling-worker.js';
import type { NoticeOutbox } from './outbox.js';
import type { NoticeSender } from './sender.js';

export function createNoticeWorker(
  outbox: NoticeOutbox,
  sender: NoticeSender,
  options: PollingWorkerOptions,
  log: FastifyBaseLogger,
): PollingWorker {
  const deliverDue = async (limit: number, signal: AbortSignal): Promise<number> => {
    const due = await outbox.claimDue(limit);
    await Promise.all(due.map((notice) => sender.deliver(notice, signal)));
    return due.length;
  };
  return new PollingWorker(deliverDue, options, log);
}
