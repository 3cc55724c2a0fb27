// One delivery round of a leased notice: try the configured channels in order, spending credentials one
// use at a time, and settle the notice as sent, failed, or due again after a backoff.
//
// A crash (or an unanswered call) between WeChat taking a message and the outcome being recorded leaves
// the notice `sending` with its in-flight credential on the row (and the attempt logged as in flight). The
// next holder resends with that same credential instead of a new one, writes what the resend revealed on
// the interrupted attempt's log row, and what each kind then guarantees is:
// - formId (single use at WeChat): exactly once. `ok` means the interrupted send never arrived; 41029
//   means it did, so the notice counts as delivered without a second message.
// - prepay_id (3 uses) and subscribe accept (1 send per accept, but a shopper may hold several): at least
//   once. 41029 / 43101 count as delivered (the interrupted send spent the use), but when another use is
//   left at WeChat the resend goes out, so a send interrupted after WeChat took it arrives twice. We keep
//   that over "assume delivered", which would lose every notice interrupted before WeChat took it. The
//   pay_success notice prefers the order's formId, so the common path is exactly once.

import type { NoticeChannel, NoticeKind } from '@checkout/shared';
import type { WechatClient } from '@checkout/wechat';
import type { FastifyBaseLogger } from 'fastify';
import { type Backoff, retryDelayMs } from '../core/workers/backoff.js';
import type { CredentialKindValue, NoticeChannelValue } from '../db/order-tables.js';
import type { OrderRow, Orders } from '../shop/orders.js';
import type { AttemptOutcome } from './attempt-log.js';
import { type CredentialEffect, decideAttempt } from './attempt-policy.js';
import { classifySendError, type SendFailure } from './classify.js';
import type { Credential, Credentials } from './credentials.js';
import { type MiniprogramState, subscribeMessage, templateMessage } from './notice-message.js';
import { LeaseLostError, type NoticeOutbox, type NoticeRow } from './outbox.js';

export interface NoticeChannelsConfig {
  channels: NoticeChannel[];
  templateIds: Partial<Record<NoticeKind, string>>;
  subscribeIds: Partial<Record<NoticeKind, string>>;
  miniprogramState: MiniprogramState;
}

export interface RetryPolicy extends Backoff {
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

/**
 * `sent`: recorded and settled already, in the attempt's own transaction. `stopped`: the app is closing
 * and the round went no further.
 */
type ChannelResult =
  | { kind: 'sent' }
  | { kind: 'stopped' }
  | { kind: 'retry'; failure: SendFailure }
  | { kind: 'next'; failure?: SendFailure };

/** Sends the notice's message on one channel with one credential. */
type Send = (credential: Credential) => Promise<void>;

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

  /**
   * Runs one round for a notice this process has leased, and settles it. Once `signal` is aborted (the
   * app is closing) no further credential is taken and the notice is given back for another instance.
   */
  async deliver(notice: NoticeRow, signal?: AbortSignal): Promise<void> {
    const { outbox, retry, log } = this.deps;
    const sn = notice.order_sn;
    let result: ChannelResult;
    try {
      result = await this.round(notice, signal);
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn({ sn, kind: notice.kind }, 'notice lease ran out mid-round; its new holder carries on');
        return;
      }
      // The database or a bug failed mid-round: nothing is lost, the lease runs out or we retry.
      result = { kind: 'retry', failure: classifySendError(error) };
    }
    if (result.kind === 'sent') return;
    if (result.kind === 'stopped') {
      await outbox.release(notice);
      log.info({ sn, kind: notice.kind }, 'closing: notice given back mid-round');
      return;
    }
    if (result.kind === 'retry' && notice.rounds + 1 < retry.maxRounds) {
      const delayMs = retryDelayMs(retry, notice.rounds + 1);
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

  private async round(notice: NoticeRow, signal: AbortSignal | undefined): Promise<ChannelResult> {
    const order = await this.deps.orders.find(notice.order_sn);
    if (!order) return { kind: 'next', failure: { kind: 'fatal', errcode: null, errmsg: 'order not found' } };
    const attempts = { next: await this.deps.outbox.attempts.nextAttempt(notice.id) };
    let lastFailure: SendFailure | undefined;
    if (notice.inflight_credential_id !== null && notice.inflight_channel !== null) {
      const resumed = await this.resume(notice, order, attempts);
      if (resumed.kind !== 'next') return resumed;
      lastFailure = resumed.failure;
    }
    for (const channel of this.deps.config.channels) {
      if (signal?.aborted) return { kind: 'stopped' };
      const result =
        channel === 'subscribe'
          ? await this.trySubscribe(notice, order, attempts)
          : await this.tryTemplate(notice, order, attempts, signal);
      if (result.kind !== 'next') return result;
      lastFailure = result.failure ?? lastFailure;
    }
    return { kind: 'next', failure: lastFailure };
  }

  /** The previous holder died (or got no answer) mid-send: send again with the very same credential. */
  private async resume(
    notice: NoticeRow,
    order: OrderRow,
    attempts: { next: number },
  ): Promise<ChannelResult> {
    const { credentials, outbox, log } = this.deps;
    const channel = notice.inflight_channel;
    const credentialId = notice.inflight_credential_id;
    if (channel === null || credentialId === null) return { kind: 'next' };
    const send = this.sendOn(channel, notice, order);
    const credential = await credentials.find(credentialId);
    if (!send || !credential) {
      // Nothing to resend with: the interrupted send's outcome stays unknown and its use stays spent.
      log.warn({ sn: notice.order_sn, kind: notice.kind, channel }, 'in-flight notice credential dropped');
      await outbox.attempts.releaseInflight(notice);
      return { kind: 'next' };
    }
    log.info(
      { sn: notice.order_sn, kind: notice.kind, channel, credentialKind: credential.kind },
      'resending an interrupted notice with its in-flight credential',
    );
    return this.attempt(notice, channel, credential, send, { number: attempts.next++, resumed: true });
  }

  private async trySubscribe(
    notice: NoticeRow,
    order: OrderRow,
    attempts: { next: number },
  ): Promise<ChannelResult> {
    const { credentials, config, outbox } = this.deps;
    const templateId = config.subscribeIds[notice.kind];
    const send = this.sendOn('subscribe', notice, order);
    if (!templateId || !send) return { kind: 'next' };
    const held = await outbox.attempts.holdCredential(notice, 'subscribe', attempts.next, (db) =>
      credentials.takeSubscription(order.openid, templateId, db),
    );
    if (!held) return { kind: 'next' };
    const attempt = { number: attempts.next++, logId: held.logId, resumed: false };
    return this.attempt(notice, 'subscribe', held.credential, send, attempt);
  }

  private async tryTemplate(
    notice: NoticeRow,
    order: OrderRow,
    attempts: { next: number },
    signal: AbortSignal | undefined,
  ): Promise<ChannelResult> {
    const { credentials, outbox } = this.deps;
    const send = this.sendOn('template', notice, order);
    if (!send) return { kind: 'next' };
    const preferred = { kind: PREFERRED_CREDENTIAL[notice.kind], orderSn: order.sn };
    let lastFailure: SendFailure | undefined;
    for (let i = 0; i < MAX_CREDENTIALS_PER_ROUND; i++) {
      if (signal?.aborted) return { kind: 'stopped' };
      const held = await outbox.attempts.holdCredential(notice, 'template', attempts.next, (db) =>
        credentials.takeTemplateCredential(order.openid, preferred, db),
      );
      if (!held) break;
      const attempt = { number: attempts.next++, logId: held.logId, resumed: false };
      const result = await this.attempt(notice, 'template', held.credential, send, attempt);
      // A spent or invalid formId / prepay_id: retired, so the next pick is another credential.
      if (result.kind !== 'next' || result.failure?.kind !== 'credential') return result;
      lastFailure = result.failure;
    }
    return { kind: 'next', failure: lastFailure };
  }

  /** How this notice is sent on `channel`; undefined when the channel has no template id for its kind. */
  private sendOn(channel: NoticeChannelValue, notice: NoticeRow, order: OrderRow): Send | undefined {
    const { config, wechat } = this.deps;
    if (channel === 'subscribe') {
      const templateId = config.subscribeIds[notice.kind];
      if (!templateId) return undefined;
      return () =>
        wechat.sendSubscribeMessage(
          subscribeMessage(notice.kind, order, templateId, config.miniprogramState),
        );
    }
    const templateId = config.templateIds[notice.kind];
    if (!templateId) return undefined;
    return (credential) =>
      wechat.sendTemplateMessage(templateMessage(notice.kind, order, templateId, credential.value));
  }

  /**
   * Sends once with a credential this notice holds in flight, and records the attempt together with what
   * it means for the credential and the notice (the decision table is attempt-policy.ts).
   */
  private async attempt(
    notice: NoticeRow,
    channel: NoticeChannelValue,
    credential: Credential,
    send: Send,
    how: { number: number; logId?: number; resumed: boolean },
  ): Promise<ChannelResult> {
    let failure: SendFailure | undefined;
    try {
      await send(credential);
    } catch (error) {
      failure = classifySendError(error);
    }
    const decision = decideAttempt({
      channel,
      credentialKind: credential.kind,
      failure,
      resumed: how.resumed,
    });
    await this.deps.outbox.attempts.record(
      {
        notice,
        channel,
        credentialKind: credential.kind,
        credentialId: credential.id,
        attempt: how.number,
        errcode: failure ? failure.errcode : 0,
        errmsg: decision.note ?? (failure ? failure.errmsg : 'ok'),
        ...(how.logId !== undefined ? { logId: how.logId } : {}),
      },
      {
        ...(decision.step === 'sent' ? { delivered: { channel, credentialKind: credential.kind } } : {}),
        ...(decision.keepInflight ? { keepInflight: true } : {}),
        ...this.credentialEffect(decision.credential, credential, failure),
        ...(decision.interrupted
          ? { interrupted: { credentialId: credential.id, ...decision.interrupted } }
          : {}),
      },
    );
    // Only a failure leads anywhere but `sent`.
    if (decision.step === 'sent' || !failure) return { kind: 'sent' };
    return { kind: decision.step, failure };
  }

  private credentialEffect(
    effect: CredentialEffect,
    credential: Credential,
    failure: SendFailure | undefined,
  ): Pick<AttemptOutcome, 'credentialEffect'> {
    const { credentials } = this.deps;
    if (effect === 'retire') {
      return { credentialEffect: (db) => credentials.retire(credential.id, failure?.errcode ?? 0, db) };
    }
    if (effect === 'give_back') return { credentialEffect: (db) => credentials.giveBack(credential.id, db) };
    return {};
  }
}
