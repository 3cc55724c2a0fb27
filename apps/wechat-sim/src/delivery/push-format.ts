// The bytes WeChat pushes: `<xml>` with CDATA strings and bare numbers, or JSON; plain or encrypted.

import { encryptPushMessage, pushSignature } from '../crypto/push-crypto.js';
import { randomDigits } from '../ids.js';

export type PushMode = 'plain' | 'compatible' | 'safe';
export type PushFormat = 'xml' | 'json';
export type PushMessage = Record<string, string | number>;

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/**
 * Fields WeChat sends as bare integers. MsgId is a 64-bit integer, beyond what a JS number holds
 * exactly, so a digit string given for one of them is written bare too (exact in XML and JSON alike).
 */
const INTEGER_FIELDS: ReadonlySet<string> = new Set(['MsgId', 'MsgID', 'CreateTime']);

/** The value's text and whether it goes out bare (a number) or quoted (a string). */
function fieldValue(name: string, value: string | number): { text: string; bare: boolean } {
  if (typeof value === 'number') return { text: String(value), bare: true };
  return { text: value, bare: INTEGER_FIELDS.has(name) && /^\d{1,20}$/.test(value) };
}

export function toPushXml(message: PushMessage): string {
  const fields = Object.entries(message).map(([name, value]) => {
    if (!/^[A-Za-z_][\w.-]*$/.test(name))
      throw new Error(`message field name ${name} is not a valid XML name`);
    const { text, bare } = fieldValue(name, value);
    return `<${name}>${bare ? text : cdata(text)}</${name}>`;
  });
  return `<xml>${fields.join('')}</xml>`;
}

/** Flat JSON, written by hand so a 64-bit MsgId stays a bare integer. */
export function toPushJson(message: PushMessage): string {
  const fields = Object.entries(message).map(([name, value]) => {
    const { text, bare } = fieldValue(name, value);
    return `${JSON.stringify(name)}:${bare ? text : JSON.stringify(text)}`;
  });
  return `{${fields.join(',')}}`;
}

export const serializePushMessage = (message: PushMessage, format: PushFormat): string =>
  format === 'xml' ? toPushXml(message) : toPushJson(message);

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
