// Every message push the emulator made, with each try and its outcome, for GET /sim/push/deliveries.

import type { PushAttempt } from '../delivery/push-sender.js';

export interface PushDeliveryRecord {
  id: number;
  url: string;
  appid: string;
  format: 'xml' | 'json';
  mode: 'plain' | 'compatible' | 'safe';
  /** MsgType/Event of the message, and MsgId when it has one, to find a delivery again. */
  msgType?: string;
  event?: string;
  msgId?: string;
  status: 'sending' | 'delivered' | 'given_up';
  tries: (PushAttempt & { try: number })[];
  at: string;
}

export class PushDeliveries {
  private readonly records: PushDeliveryRecord[] = [];

  start(record: Omit<PushDeliveryRecord, 'id' | 'status' | 'tries'>): PushDeliveryRecord {
    const entry: PushDeliveryRecord = {
      ...record,
      id: this.records.length + 1,
      status: 'sending',
      tries: [],
    };
    this.records.push(entry);
    return entry;
  }

  recordTry(entry: PushDeliveryRecord, attempt: PushAttempt): void {
    entry.tries.push({ try: entry.tries.length + 1, ...attempt });
  }

  finish(entry: PushDeliveryRecord, delivered: boolean): void {
    entry.status = delivered ? 'delivered' : 'given_up';
  }

  list(): PushDeliveryRecord[] {
    return this.records;
  }

  clear(): void {
    this.records.length = 0;
  }
}
