import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PushCryptoErrcode } from '@checkout/shared';
import { PushCryptoError } from '../errors.js';

export interface PushCryptoOptions {
  /** The Token set in the message-push configuration. */
  token: string;
  /** 43 characters: base64 of the 32-byte AES key without the trailing '='. */
  encodingAESKey: string;
  /** The appid (or WeCom corpid) the frame must end with. */
  appid: string;
}

export interface UrlVerificationQuery {
  signature?: string;
  /** Present when WeChat signs the (encrypted) echostr too, as in safe mode. */
  msg_signature?: string;
  timestamp: string;
  nonce: string;
  echostr: string;
}

const BLOCK = 32;
const RANDOM_LENGTH = 16;
const LENGTH_BYTES = 4;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Constant-time comparison of two signatures (hex strings); false when the lengths differ. */
export function verifySignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * WXBizMsgCrypt: signatures, AES-256-CBC with PKCS#7 to 32-byte blocks and the
 * random(16) + length(4, big-endian) + message + appid frame.
 */
export class PushCrypto {
  readonly appid: string;
  private readonly token: string;
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly appidBytes: Buffer;

  constructor(options: PushCryptoOptions) {
    const { token, encodingAESKey, appid } = options;
    if (!token) throw new PushCryptoError(PushCryptoErrcode.COMPUTE_SIGNATURE, 'token is empty');
    if (typeof encodingAESKey !== 'string' || !/^[A-Za-z0-9+/]{43}$/.test(encodingAESKey)) {
      throw new PushCryptoError(
        PushCryptoErrcode.ILLEGAL_AES_KEY,
        'encodingAESKey must be 43 base64 characters',
      );
    }
    this.token = token;
    this.appid = appid;
    this.appidBytes = Buffer.from(appid, 'utf8');
    // Decoded once per instance: every message reuses key and IV (the first 16 key bytes).
    this.key = Buffer.from(`${encodingAESKey}=`, 'base64');
    if (this.key.length !== 32) {
      throw new PushCryptoError(
        PushCryptoErrcode.ILLEGAL_AES_KEY,
        'encodingAESKey does not decode to 32 bytes',
      );
    }
    this.iv = this.key.subarray(0, 16);
  }

  /** sha1 of the sorted, concatenated [token, timestamp, nonce, (encrypt)], hex. */
  signature(timestamp: string, nonce: string, encrypt?: string): string {
    const parts =
      encrypt === undefined ? [this.token, timestamp, nonce] : [this.token, timestamp, nonce, encrypt];
    return createHash('sha1').update(parts.sort().join('')).digest('hex');
  }

  /** Checks a message's msg_signature (over the Encrypt field) in constant time. */
  verifyMessageSignature(msgSignature: string, timestamp: string, nonce: string, encrypt: string): void {
    if (!verifySignature(this.signature(timestamp, nonce, encrypt), msgSignature)) {
      throw new PushCryptoError(PushCryptoErrcode.VALIDATE_SIGNATURE, 'msg_signature does not match');
    }
  }

  /**
   * The URL handshake: returns the echostr to answer with. A plain echostr is signed with
   * [token, timestamp, nonce]; an encrypted one (safe mode) is signed with the echostr too and decrypted.
   */
  verifyUrl(query: UrlVerificationQuery): string {
    const { timestamp, nonce, echostr } = query;
    if (query.signature && verifySignature(this.signature(timestamp, nonce), query.signature)) return echostr;
    const signed = query.msg_signature ?? query.signature;
    if (signed && verifySignature(this.signature(timestamp, nonce, echostr), signed))
      return this.decrypt(echostr);
    throw new PushCryptoError(PushCryptoErrcode.VALIDATE_SIGNATURE, 'signature does not match');
  }

  /** Decrypts an Encrypt field and returns the message, checking padding, frame length and appid. */
  decrypt(encrypt: string): string {
    if (encrypt.length === 0 || encrypt.length % 4 !== 0 || !BASE64.test(encrypt)) {
      throw new PushCryptoError(PushCryptoErrcode.DECODE_BASE64, 'Encrypt is not base64');
    }
    const data = Buffer.from(encrypt, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) {
      throw new PushCryptoError(PushCryptoErrcode.DECRYPT_AES, 'Encrypt is not a whole number of AES blocks');
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch (err) {
      throw new PushCryptoError(PushCryptoErrcode.DECRYPT_AES, 'AES decryption failed', { cause: err });
    }
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK || pad > plain.length) {
      throw new PushCryptoError(PushCryptoErrcode.ILLEGAL_BUFFER, 'PKCS#7 padding is invalid');
    }
    for (let i = plain.length - pad; i < plain.length; i++) {
      if (plain[i] !== pad)
        throw new PushCryptoError(PushCryptoErrcode.ILLEGAL_BUFFER, 'PKCS#7 padding is invalid');
    }
    const end = plain.length - pad;
    if (end < RANDOM_LENGTH + LENGTH_BYTES) {
      throw new PushCryptoError(PushCryptoErrcode.ILLEGAL_BUFFER, 'frame is shorter than its header');
    }
    const messageLength = plain.readUInt32BE(RANDOM_LENGTH);
    const messageStart = RANDOM_LENGTH + LENGTH_BYTES;
    if (messageLength > end - messageStart) {
      throw new PushCryptoError(PushCryptoErrcode.ILLEGAL_BUFFER, 'frame length exceeds the decrypted data');
    }
    const appidStart = messageStart + messageLength;
    if (
      end - appidStart !== this.appidBytes.length ||
      !plain.subarray(appidStart, end).equals(this.appidBytes)
    ) {
      throw new PushCryptoError(PushCryptoErrcode.VALIDATE_APPID, 'frame appid does not match');
    }
    return plain.toString('utf8', messageStart, appidStart);
  }

  /** Encrypts a message into an Encrypt field; `random16` makes the output reproducible in tests. */
  encrypt(message: string, random16: Buffer = randomBytes(RANDOM_LENGTH)): string {
    if (random16.length !== RANDOM_LENGTH) {
      throw new PushCryptoError(PushCryptoErrcode.ENCRYPT_AES, 'the random prefix must be 16 bytes');
    }
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.allocUnsafe(LENGTH_BYTES);
    length.writeUInt32BE(body.length, 0);
    const frameLength = RANDOM_LENGTH + LENGTH_BYTES + body.length + this.appidBytes.length;
    const pad = BLOCK - (frameLength % BLOCK);
    const frame = Buffer.concat([random16, length, body, this.appidBytes, Buffer.alloc(pad, pad)]);
    try {
      const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
      cipher.setAutoPadding(false);
      return Buffer.concat([cipher.update(frame), cipher.final()]).toString('base64');
    } catch (err) {
      throw new PushCryptoError(PushCryptoErrcode.ENCRYPT_AES, 'AES encryption failed', { cause: err });
    }
  }

  /** A safe-mode passive reply: Encrypt + MsgSignature + TimeStamp + Nonce, as XML or JSON. */
  encryptReply(message: string, timestamp: string, nonce: string, format: 'xml' | 'json'): string {
    const encrypt = this.encrypt(message);
    const signature = this.signature(timestamp, nonce, encrypt);
    if (format === 'json') {
      const ts = /^\d+$/.test(timestamp) ? Number(timestamp) : timestamp;
      return JSON.stringify({ Encrypt: encrypt, MsgSignature: signature, TimeStamp: ts, Nonce: nonce });
    }
    if (nonce.includes(']]>')) {
      throw new PushCryptoError(PushCryptoErrcode.GEN_RETURN_XML, 'nonce cannot be placed in CDATA');
    }
    if (!/^\d+$/.test(timestamp))
      throw new PushCryptoError(PushCryptoErrcode.GEN_RETURN_XML, 'timestamp is not numeric');
    return (
      `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature>` +
      `<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`
    );
  }
}
