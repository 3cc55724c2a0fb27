// Message pushes as WeChat sends them, built with the SDK's PushCrypto: safe mode (AES envelope and
// msg_signature), XML. A redelivery is the same message with a fresh nonce and signature.

import { randomBytes } from 'node:crypto';
import { PushCrypto } from '@checkout/wechat';

export interface PushApp {
  appid: string;
  token: string;
  encodingAESKey: string;
}

export interface PushRequest {
  path: string;
  body: string;
  contentType: string;
}

export interface CardEvent {
  openid: string;
  createTime: number;
  cardId: string;
  code: string;
}

export function cardEventXml(event: CardEvent, extra = ''): string {
  return (
    '<xml><ToUserName><![CDATA[gh_evidence0001]]></ToUserName>' +
    `<FromUserName><![CDATA[${event.openid}]]></FromUserName><CreateTime>${event.createTime}</CreateTime>` +
    '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_consume_card]]></Event>' +
    `<CardId><![CDATA[${event.cardId}]]></CardId><UserCardCode><![CDATA[${event.code}]]></UserCardCode>` +
    `<ConsumeSource><![CDATA[FROM_API]]></ConsumeSource>${extra}</xml>`
  );
}

/** `count` distinct card events (distinct codes), as one merchant's shoppers redeem coupons. */
export function distinctCardEvents(count: number, openidPrefix = 'oEvidence'): CardEvent[] {
  const run = randomBytes(3).toString('hex');
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => ({
    openid: `${openidPrefix}${String(i % 97).padStart(19, '0')}`,
    createTime: now,
    cardId: 'pEvidenceCard00000000000000001',
    code: `${run}${String(i).padStart(8, '0')}`,
  }));
}

export class PushSigner {
  readonly crypto: PushCrypto;
  constructor(readonly app: PushApp) {
    this.crypto = new PushCrypto(app);
  }

  /** A safe-mode request for `message`, signed now with a fresh nonce. */
  safe(
    message: string,
    options: { timestamp?: string; nonce?: string; appidInPath?: string } = {},
  ): PushRequest {
    const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = options.nonce ?? randomBytes(6).toString('hex');
    const encrypt = this.crypto.encrypt(message);
    const query = new URLSearchParams({
      signature: this.crypto.signature(timestamp, nonce),
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: this.crypto.signature(timestamp, nonce, encrypt),
    });
    return {
      path: `/wx/push/${options.appidInPath ?? this.app.appid}?${query}`,
      body: `<xml><ToUserName><![CDATA[gh_evidence0001]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
      contentType: 'text/xml',
    };
  }

  /** A plaintext-mode request: the URL signature covers token, timestamp and nonce only. */
  plain(body: string, options: { timestamp?: string; contentType?: string } = {}): PushRequest {
    const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(6).toString('hex');
    const query = new URLSearchParams({
      signature: this.crypto.signature(timestamp, nonce),
      timestamp,
      nonce,
    });
    return {
      path: `/wx/push/${this.app.appid}?${query}`,
      body,
      contentType: options.contentType ?? 'text/xml',
    };
  }
}

export async function sendPush(
  baseUrl: string,
  request: PushRequest,
  timeoutMs = 10_000,
): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: 'POST',
      headers: { 'content-type': request.contentType },
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text(), ms: performance.now() - started };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return {
      status: 0,
      body: `${error instanceof Error ? error.message : String(error)}${cause}`,
      ms: performance.now() - started,
    };
  }
}
