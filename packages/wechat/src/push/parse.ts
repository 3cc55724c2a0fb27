import { PushCryptoErrcode } from '@checkout/shared';
import { XMLParser } from 'fast-xml-parser';
import { PushCryptoError } from '../errors.js';
import { readFlatXml } from './flat-xml.js';

export type PushFields = Record<string, unknown>;

/** The outer body WeChat posts: plaintext fields and, in compatible or safe mode, Encrypt. */
export interface PushEnvelope extends PushFields {
  ToUserName?: string;
  Encrypt?: string;
}

// Entities are never expanded and every value stays a string (ids and amounts must not become numbers).
const xmlParser = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  cdataPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  // trimValues leaves CDATA content alone; ids arrive as ' <![CDATA[ x ]]>' from some senders.
  tagValueProcessor: (_name: string, value: string) => value.trim(),
});

const FORBIDDEN_XML = /<!(?:DOCTYPE|ENTITY)/i;
const DANGEROUS_XML_TAG = /<\/?(?:__proto__|constructor|prototype)[\s/>]/;
const DANGEROUS_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function parseError(message: string, cause?: unknown): PushCryptoError {
  return new PushCryptoError(
    PushCryptoErrcode.PARSE_XML,
    message,
    cause === undefined ? undefined : { cause },
  );
}

/** Parses a push XML body; DOCTYPE and ENTITY declarations are refused, never expanded. */
export function parsePushXml(xml: string): PushFields {
  // WeChat's own messages are flat: read them directly (no declarations, no reserved names can pass),
  // and hand everything else to the guarded fast-xml-parser path.
  return readFlatXml(xml) ?? parsePushXmlGeneric(xml);
}

/** parsePushXml without the flat fast path: DOCTYPE/ENTITY and reserved names refused, then fast-xml-parser. */
export function parsePushXmlGeneric(xml: string): PushFields {
  if (FORBIDDEN_XML.test(xml)) throw parseError('XML with a DOCTYPE or ENTITY declaration is refused');
  if (DANGEROUS_XML_TAG.test(xml)) throw parseError('XML uses a reserved element name');
  let parsed: unknown;
  try {
    parsed = xmlParser.parse(xml);
  } catch (err) {
    throw parseError('XML is malformed', err);
  }
  const root = (parsed as Record<string, unknown> | null)?.xml;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw parseError('XML has no <xml> root element with children');
  }
  return root as PushFields;
}

function assertSafeKeys(value: unknown, depth: number): void {
  if (depth > 32) throw parseError('JSON is nested too deeply');
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (DANGEROUS_KEYS.has(key)) throw parseError(`JSON uses the reserved key ${key}`);
    assertSafeKeys((value as Record<string, unknown>)[key], depth + 1);
  }
}

/**
 * MsgId is a 64-bit integer (消息id，64位整型) that JSON.parse would round to a double, so two messages
 * could share one id: it is quoted in the raw text first and stays the exact digits, as XML gives them.
 */
const JSON_MSG_ID = /([{,]\s*)"(MsgId|MsgID)"\s*:\s*(-?\d+)(?=\s*[,}])/g;

/** Parses a push JSON body; the root must be an object and `__proto__` / `constructor` keys are refused. */
export function parsePushJson(text: string): PushFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.includes('"MsgI') ? text.replace(JSON_MSG_ID, '$1"$2":"$3"') : text);
  } catch (err) {
    throw parseError('JSON is malformed', err);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw parseError('JSON body is not an object');
  }
  assertSafeKeys(parsed, 0);
  return parsed as PushFields;
}

export type PushFormat = 'xml' | 'json';

/** JSON when the content type says so or the body starts with `{`; XML otherwise. */
export function detectPushFormat(body: string, contentType?: string): PushFormat {
  if (contentType?.toLowerCase().includes('json')) return 'json';
  if (contentType?.toLowerCase().includes('xml')) return 'xml';
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x7b) return 'json';
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) return 'xml';
  }
  return 'xml';
}

export function parsePushBody(body: string, format: PushFormat): PushFields {
  return format === 'json' ? parsePushJson(body) : parsePushXml(body);
}

/** Fully parses the outer body posted by WeChat (any mode, XML or JSON). */
export function parsePushEnvelope(body: string, contentType?: string): PushEnvelope {
  const fields = parsePushBody(body, detectPushFormat(body, contentType));
  for (const key of ['ToUserName', 'Encrypt'] as const) {
    if (fields[key] !== undefined && typeof fields[key] !== 'string')
      throw parseError(`${key} is not a string`);
  }
  return fields as PushEnvelope;
}

const XML_ENCRYPT_CDATA = '<Encrypt><![CDATA[';
const XML_ENCRYPT_PLAIN = '<Encrypt>';
const CDATA_END = ']]></Encrypt>';
const PLAIN_END = '</Encrypt>';
const JSON_ENCRYPT = /"Encrypt"\s*:\s*"([A-Za-z0-9+/=]*)"/;

/**
 * The Encrypt field of an envelope without parsing the whole body: the safe-mode hot path.
 * The value is authenticated by msg_signature afterwards, so a cheap bounded lookup is enough;
 * anything unusual (several Encrypt elements, escapes) falls back to the full parser.
 */
export function extractEncrypt(body: string, format: PushFormat): string | undefined {
  if (format === 'json') {
    const match = JSON_ENCRYPT.exec(body);
    if (match && body.indexOf('"Encrypt"', match.index + 1) === -1) return match[1];
    return parsePushEnvelope(body, 'application/json').Encrypt;
  }
  const cdata = body.indexOf(XML_ENCRYPT_CDATA);
  if (cdata !== -1 && body.indexOf(XML_ENCRYPT_PLAIN) === cdata) {
    const start = cdata + XML_ENCRYPT_CDATA.length;
    const end = body.indexOf(CDATA_END, start);
    if (end !== -1 && body.indexOf(XML_ENCRYPT_PLAIN, end) === -1) return body.slice(start, end).trim();
  } else if (cdata === -1) {
    const open = body.indexOf(XML_ENCRYPT_PLAIN);
    if (open === -1) return parsePushEnvelope(body, 'text/xml').Encrypt;
    const start = open + XML_ENCRYPT_PLAIN.length;
    const end = body.indexOf(PLAIN_END, start);
    const value = end === -1 ? '' : body.slice(start, end).trim();
    if (value && !value.includes('<') && body.indexOf(XML_ENCRYPT_PLAIN, end) === -1) return value;
  }
  return parsePushEnvelope(body, 'text/xml').Encrypt;
}
