// One delivery round of a leased notice: try the configured channels in order, spending credentials one
// use at a time, and settle the notice as sent, failed, or due again after a backoff.

import { NOTICES, type NoticeChannel, type NoticeFacts, type NoticeKind } from '@checkout/shared';
import type { WechatClient } from '@checkout/wechat';
import type { FastifyBaseLogger } from 'fastify';
import type { CredentialKindValue, NoticeChannelValue } from '../../db/order-tables.js';
import type { Credential, Credentials } from '../credentials.js';
import { type OrderRow, type Orders, summarizeLines } from '../orders.js';
import { classifySendError, type SendFailure } from './classify.js';
import type { NoticeOutbox, NoticeRow } from './outbox.js';

export interface NoticeChannelsConfig {
  channels: NoticeChannel[];
  templateIds: Partial<Record<NoticeKind, string>>;
  subscribeIds: Partial<Record<NoticeKind, string>>;
  miniprogramState: 'developer' | 'trial' | 'formal';
}

export interface RetryPolicy {
  /** First retry delay; doubles each round up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Rounds ending in a transient failure before the notice is given up as failed. */
  maxRounds: number;
}

/** Credentials one round may go through per channel before it stops (each failed one is retired). */
const MAX_CREDENTIALS_PER_ROUND = 10;

/** The credential a notice prefers: a passive reply to the shopper's own tap, or an active push later. */
const PREFERRED_CREDENTIAL: Record<NoticeKind, CredentialKindValue> = {
  pay_success: 'form_id',
  shipped: 'prepay_id',
};

type ChannelResult =
  | { kind: 'sent'; channel: NoticeChannelValue; credentialKind: CredentialKindValue }
  | { kind: 'retry'; failure: SendFailure }
  | { kind: 'next'; failure?: SendFailure };

export function noticeFacts(order: OrderRow): NoticeFacts {
  const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : undefined);
  return {
    sn: order.sn,
    amountFen: order.total_fen,
    itemsSummary: summarizeLines(order.lines),
    paidAt: iso(order.paid_at) ?? new Date().toISOString(),
    ...(order.carrier ? { carrier: order.carrier } : {}),
    ...(order.tracking_no ? { trackingNo: order.tracking_no } : {}),
    ...(order.shipped_at ? { shippedAt: iso(order.shipped_at) } : {}),
  };
}

export function backoffDelay(policy: RetryPolicy, round: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** round);
  // A little jitter so instances that failed together do not retry in lockstep.
  return exponential * (1 + Math.random() * 0.1);
}

export class NoticeSender {
  constructor(
    private readonly deps: {
      wechat: WechatClient;
      credentials: Credentials;
      orders: Orders;
      outbox: NoticeOutbox;
      config: NoticeChannelsConfig;
      retry: RetryPolicy;
      log: FastifyBaseLogger;
    },
  ) {}

  /** Runs one round for a notice this process has leased, and settles it. */
  async deliver(notice: NoticeRow): Promise<void> {
    const { outbox, retry, log } = this.deps;
    let result: ChannelResult;
    try {
      result = await this.round(notice);
    } catch (error) {
      // The database or a bug failed mid-round: nothing is lost, the lease runs out or we retry.
      result = { kind: 'retry', failure: classifySendError(error) };
    }
    const sn = notice.order_sn;
    if (result.kind === 'sent') {
      const held = await outbox.settle(notice, {
        status: 'sent',
        channel: result.channel,
        credentialKind: result.credentialKind,
        errcode: null,
        errmsg: null,
      });
      if (!held) log.warn({ sn, kind: notice.kind }, 'notice sent after its lease ran out');
      return;
    }
    if (result.kind === 'retry' && notice.rounds + 1 < retry.maxRounds) {
      const delayMs = backoffDelay(retry, notice.rounds);
      log.info({ sn, kind: notice.kind, delayMs, errcode: result.failure.errcode }, 'notice will be retried');
      await outbox.retryLater(notice, delayMs, result.failure);
      return;
    }
    const failure = result.failure ?? {
      errcode: null,
      errmsg: 'no usable credential on any channel (no subscribe accept, formId or paid prepay_id left)',
    };
    log.warn({ sn, kind: notice.kind, errcode: failure.errcode }, 'notice failed');
    await outbox.settle(notice, {
      status: 'failed',
      channel: null,
      credentialKind: null,
      errcode: failure.errcode,
      errmsg: failure.errmsg,
    });
  }

  private async round(notice: NoticeRow): Promise<ChannelResult> {
    const order = await this.deps.orders.find(notice.order_sn);
    if (!order) return { kind: 'next', failure: { kind: 'fatal', errcode: null, errmsg: 'order not found' } };
    const attempts = { next: await this.deps.outbox.nextAttempt(notice.id) };
    let lastFailure: SendFailure | undefined;
    for (const channel of this.deps.config.channels) {
      const result =
        channel === 'subscribe'
          ? await this.trySubscribe(notice, order, attempts)
          : await this.tryTemplate(notice, order, attempts);
      if (result.kind !== 'next') return result;
      lastFailure = result.failure ?? lastFailure;
    }
    return { kind: 'next', failure: lastFailure };
  }

  private async trySubscribe(
    notice: NoticeRow,
    order: OrderRow,
    attempts: { next: number },
  ): Promise<ChannelResult> {
    const { credentials, config, wechat } = this.deps;
    const templateId = config.subscribeIds[notice.kind];
    if (!templateId) return { kind: 'next' };
    const definition = NOTICES[notice.kind];
    const facts = noticeFacts(order);
    const credential = await credentials.takeSubscription(order.openid, templateId);
    if (!credential) return { kind: 'next' };
    const failure = await this.attempt(notice, 'subscribe', credential, attempts, () =>
      wechat.sendSubscribeMessage({
        touser: order.openid,
        template_id: templateId,
        page: definition.page(facts),
        data: definition.subscribeData(facts),
        miniprogram_state: config.miniprogramState,
        lang: 'zh_CN',
      }),
    );
    if (!failure) return { kind: 'sent', channel: 'subscribe', credentialKind: 'subscription' };
    return this.afterFailure(credential, failure);
  }

  private async tryTemplate(
    notice: NoticeRow,
    order: OrderRow,
    attempts: { next: number },
  ): Promise<ChannelResult> {
    const { credentials, config, wechat } = this.deps;
    const templateId = config.templateIds[notice.kind];
    if (!templateId) return { kind: 'next' };
    const definition = NOTICES[notice.kind];
    const facts = noticeFacts(order);
    const preferred = { kind: PREFERRED_CREDENTIAL[notice.kind], orderSn: order.sn };
    let lastFailure: SendFailure | undefined;
    for (let i = 0; i < MAX_CREDENTIALS_PER_ROUND; i++) {
      const credential = await credentials.takeTemplateCredential(order.openid, preferred);
      if (!credential) break;
      const failure = await this.attempt(notice, 'template', credential, attempts, () =>
        wechat.sendTemplateMessage({
          touser: order.openid,
          template_id: templateId,
          page: definition.page(facts),
          form_id: credential.value,
          data: definition.templateData(facts),
          ...(definition.emphasisKeyword ? { emphasis_keyword: definition.emphasisKeyword } : {}),
        }),
      );
      if (!failure) return { kind: 'sent', channel: 'template', credentialKind: credential.kind };
      const next = await this.afterFailure(credential, failure);
      // A spent or invalid formId / prepay_id: retired, so the next pick is another credential.
      if (failure.kind !== 'credential') return next;
      lastFailure = failure;
    }
    return { kind: 'next', failure: lastFailure };
  }

  /** Sends once and logs the attempt; undefined when WeChat took the message. */
  private async attempt(
    notice: NoticeRow,
    channel: NoticeChannelValue,
    credential: Credential,
    attempts: { next: number },
    send: () => Promise<void>,
  ): Promise<SendFailure | undefined> {
    let failure: SendFailure | undefined;
    try {
      await send();
    } catch (error) {
      failure = classifySendError(error);
    }
    await this.deps.outbox.record({
      notice,
      channel,
      credentialKind: credential.kind,
      credentialId: credential.id,
      attempt: attempts.next++,
      errcode: failure ? failure.errcode : 0,
      errmsg: failure ? failure.errmsg : 'ok',
    });
    return failure;
  }

  private async afterFailure(credential: Credential, failure: SendFailure): Promise<ChannelResult> {
    const { credentials } = this.deps;
    switch (failure.kind) {
      case 'credential':
      case 'refused':
        await credentials.retire(credential.id, failure.errcode ?? 0);
        return { kind: 'next', failure };
      case 'transient':
        // WeChat did not take the message, so the use it cost is not lost.
        await credentials.giveBack(credential.id);
        return { kind: 'retry', failure };
      case 'fatal':
        await credentials.giveBack(credential.id);
        return { kind: 'next', failure };
    }
  }
}
