// The bytes WeChat pushes: `<xml>` with CDATA strings and bare numbers, or JSON; plain or encrypted.

import { encryptPushMessage, pushSignature } from '../crypto/push-crypto.js';
import { randomDigits } from '../ids.js';

export type PushMode = 'plain' | 'compatible' | 'safe';
export type PushFormat = 'xml' | 'json';
export type PushMessage = Record<string, string | number>;

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

export function toPushXml(message: PushMessage): string {
  const fields = Object.entries(message).map(([name, value]) => {
    if (!/^[A-Za-z_][\w.-]*$/.test(name))
      throw new Error(`message field name ${name} is not a valid XML name`);
    return `<${name}>${typeof value === 'number' ? value : cdata(value)}</${name}>`;
  });
  return `<xml>${fields.join('')}</xml>`;
}

export const serializePushMessage = (message: PushMessage, format: PushFormat): string =>
  format === 'xml' ? toPushXml(message) : JSON.stringify(message);

export interface PushRequest {
  query: Record<string, string>;
  body: string;
  contentType: string;
}

export interface PushApp {
  appid: string;
  token: string;
  encodingAESKey: string;
}

/** One signed request as WeChat sends it; nonce and timestamp are fresh for every attempt. */
export function buildPushRequest(
  app: PushApp,
  message: PushMessage,
  mode: PushMode,
  format: PushFormat,
  nowSeconds: number,
): PushRequest {
  const timestamp = String(nowSeconds);
  const nonce = randomDigits(10);
  const query: Record<string, string> = {
    signature: pushSignature(app.token, timestamp, nonce),
    timestamp,
    nonce,
  };
  const contentType = format === 'xml' ? 'text/xml' : 'application/json';
  const plain = serializePushMessage(message, format);
  if (mode === 'plain') return { query, body: plain, contentType };
  const encrypt = encryptPushMessage(plain, app.encodingAESKey, app.appid);
  query.encrypt_type = 'aes';
  query.msg_signature = pushSignature(app.token, timestamp, nonce, encrypt);
  const toUser = String(message.ToUserName ?? '');
  // Compatible mode carries the plaintext fields beside Encrypt; safe mode only ToUserName and Encrypt.
  const envelope: PushMessage =
    mode === 'compatible' ? { ...message, Encrypt: encrypt } : { ToUserName: toUser, Encrypt: encrypt };
  return { query, body: serializePushMessage(envelope, format), contentType };
}
