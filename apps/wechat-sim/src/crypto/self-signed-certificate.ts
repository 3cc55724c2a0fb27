// A self-signed X.509 v3 certificate for the emulated platform key. node:crypto reads certificates but
// cannot write them, so the DER is written here (RFC 5280, only the fields a WeChat Pay platform
// certificate needs) and signed with node:crypto; X509Certificate parses the result in the tests.

import { type KeyObject, sign } from 'node:crypto';

function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}

const sequence = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const utf8 = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));
const NULL = Buffer.from([0x05, 0x00]);

/** A non-negative INTEGER from big-endian bytes (a leading 0x00 keeps the high bit from meaning minus). */
function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return der(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) base128.unshift(0x80 | (value & 0x7f));
    bytes.push(...base128);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime through 2049, GeneralizedTime after, as RFC 5280 4.1.2.5 asks. */
function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() < 2050
    ? der(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : der(0x18, Buffer.from(digits, 'ascii'));
}

const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), NULL);
const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';

export interface CertificateRequest {
  /** Hex, as WeChat writes serial_no. */
  serial: string;
  commonName: string;
  organization: string;
  notBefore: Date;
  notAfter: Date;
  /** The RSA key the certificate is for; it signs itself. */
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function selfSignedCertificatePem(request: CertificateRequest): string {
  const name = sequence(
    set(sequence(oid(ORGANIZATION), utf8(request.organization))),
    set(sequence(oid(COMMON_NAME), utf8(request.commonName))),
  );
  const tbs = sequence(
    der(0xa0, unsignedInteger(Buffer.from([2]))), // [0] EXPLICIT version: v3
    unsignedInteger(Buffer.from(request.serial, 'hex')),
    SHA256_WITH_RSA,
    name,
    sequence(time(request.notBefore), time(request.notAfter)),
    name,
    request.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, request.privateKey);
  const certificate = sequence(tbs, SHA256_WITH_RSA, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = certificate.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}
