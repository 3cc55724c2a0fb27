import { createCipheriv } from 'node:crypto';
import { PushCryptoErrcode } from '@checkout/shared';
import { describe, expect, it } from 'vitest';
import { PushCryptoError } from '../../src/errors.js';
import { PushCrypto, verifySignature } from '../../src/push/crypto.js';
import { parsePushXml } from '../../src/push/parse.js';
import { miniProgramDoc, tencentJavaTest, tencentSample } from './vectors.js';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof PushCryptoError) return err.code;
    throw err;
  }
  return undefined;
}

/** Encrypts an arbitrary (possibly malformed) frame with the instance's key, for negative tests. */
function encryptRawFrame(encodingAESKey: string, frame: Buffer): string {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(frame), cipher.final()]).toString('base64');
}

describe('the mini-program message-push doc example', () => {
  const crypto = new PushCrypto(miniProgramDoc);

  it('signs the URL handshake as published', () => {
    const { handshake } = miniProgramDoc;
    expect(crypto.signature(handshake.timestamp, handshake.nonce)).toBe(handshake.signature);
    expect(crypto.verifyUrl(handshake)).toBe(handshake.echostr);
  });

  it('signs the plaintext-mode push as published', () => {
    const { plaintext } = miniProgramDoc;
    expect(crypto.signature(plaintext.timestamp, plaintext.nonce)).toBe(plaintext.signature);
  });

  it('verifies msg_signature and decrypts the safe-mode Encrypt exactly', () => {
    const { safe } = miniProgramDoc;
    expect(crypto.signature(safe.timestamp, safe.nonce)).toBe(safe.signature);
    expect(crypto.signature(safe.timestamp, safe.nonce, safe.encrypt)).toBe(safe.msgSignature);
    expect(() =>
      crypto.verifyMessageSignature(safe.msgSignature, safe.timestamp, safe.nonce, safe.encrypt),
    ).not.toThrow();
    expect(crypto.decrypt(safe.encrypt)).toBe(safe.decrypted);
  });

  it('re-encrypts the decrypted message with the published random prefix to the published Encrypt', () => {
    const { safe } = miniProgramDoc;
    expect(crypto.encrypt(safe.decrypted, Buffer.from(safe.random))).toBe(safe.encrypt);
  });
});

describe("Tencent's WXBizMsgCrypt sample vectors", () => {
  const crypto = new PushCrypto(tencentSample);

  it('verifies the encrypted URL handshake and returns the decrypted echostr', () => {
    const { verifyUrl } = tencentSample;
    const echo = crypto.verifyUrl({
      msg_signature: verifyUrl.msgSignature,
      timestamp: verifyUrl.timestamp,
      nonce: verifyUrl.nonce,
      echostr: verifyUrl.echostr,
    });
    expect(echo).toBe('1616140317555161061');
  });

  it('verifies sReqMsgSig and decrypts sReqData to the published message', () => {
    const { request } = tencentSample;
    const encrypt = parsePushXml(request.data).Encrypt as string;
    expect(crypto.signature(request.timestamp, request.nonce, encrypt)).toBe(request.msgSignature);
    const message = crypto.decrypt(encrypt);
    expect(message).toBe(request.decrypted);
    expect(parsePushXml(message)).toEqual({
      ToUserName: 'wx5823bf96d3bd56c7',
      FromUserName: 'mycreate',
      CreateTime: '1409659813',
      MsgType: 'text',
      Content: 'hello',
      MsgId: '4561255354251345929',
      AgentID: '218',
    });
  });

  it('encrypts with a fixed random prefix exactly as the Java sample test expects', () => {
    const javaCrypto = new PushCrypto(tencentJavaTest);
    const random = Buffer.from(tencentJavaTest.random);
    expect(javaCrypto.encrypt(tencentJavaTest.replyMsg, random)).toBe(tencentJavaTest.afterAesEncrypt);
    expect(javaCrypto.encrypt(tencentJavaTest.replyMsg2, random)).toBe(tencentJavaTest.afterAesEncrypt2);
    expect(javaCrypto.decrypt(tencentJavaTest.afterAesEncrypt2)).toBe(tencentJavaTest.replyMsg2);
  });
});

describe('PushCrypto failures carry the official codes', () => {
  const crypto = new PushCrypto(tencentSample);
  const { request } = tencentSample;
  const encrypt = parsePushXml(request.data).Encrypt as string;

  it('refuses a wrong msg_signature (-40001) and a wrong handshake signature', () => {
    const wrong = `${request.msgSignature.slice(0, -1)}0`;
    expect(
      codeOf(() => crypto.verifyMessageSignature(wrong, request.timestamp, request.nonce, encrypt)),
    ).toBe(PushCryptoErrcode.VALIDATE_SIGNATURE);
    expect(
      codeOf(() =>
        crypto.verifyUrl({ signature: 'x', timestamp: request.timestamp, nonce: '1', echostr: 'abc' }),
      ),
    ).toBe(PushCryptoErrcode.VALIDATE_SIGNATURE);
  });

  it('refuses a message framed for another appid (-40005)', () => {
    const other = new PushCrypto({ ...tencentSample, appid: 'wx0000000000000000' });
    expect(codeOf(() => other.decrypt(encrypt))).toBe(PushCryptoErrcode.VALIDATE_APPID);
  });

  it('refuses input that is not base64 (-40010) or not whole AES blocks (-40007)', () => {
    expect(codeOf(() => crypto.decrypt('not base64!'))).toBe(PushCryptoErrcode.DECODE_BASE64);
    expect(codeOf(() => crypto.decrypt(''))).toBe(PushCryptoErrcode.DECODE_BASE64);
    expect(codeOf(() => crypto.decrypt(Buffer.alloc(20).toString('base64')))).toBe(
      PushCryptoErrcode.DECRYPT_AES,
    );
  });

  it('refuses bad PKCS#7 padding (-40008)', () => {
    const frame = Buffer.alloc(64, 7);
    frame[63] = 40; // larger than a 32-byte block
    expect(codeOf(() => crypto.decrypt(encryptRawFrame(tencentSample.encodingAESKey, frame)))).toBe(
      PushCryptoErrcode.ILLEGAL_BUFFER,
    );
    const uneven = Buffer.alloc(64, 3);
    uneven[62] = 9; // last byte says 3 but the padding bytes differ
    expect(codeOf(() => crypto.decrypt(encryptRawFrame(tencentSample.encodingAESKey, uneven)))).toBe(
      PushCryptoErrcode.ILLEGAL_BUFFER,
    );
  });

  it('refuses a frame whose length field points past the data (-40008)', () => {
    const frame = Buffer.alloc(64, 0);
    frame.writeUInt32BE(1_000_000, 16);
    frame.fill(4, 60);
    expect(codeOf(() => crypto.decrypt(encryptRawFrame(tencentSample.encodingAESKey, frame)))).toBe(
      PushCryptoErrcode.ILLEGAL_BUFFER,
    );
  });

  it('flags any changed ciphertext block instead of returning garbage', () => {
    const bytes = Buffer.from(encrypt, 'base64');
    for (const index of [0, 17, bytes.length - 20, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(codeOf(() => crypto.decrypt(tampered.toString('base64')))).toBeDefined();
    }
  });

  it('refuses an EncodingAESKey that is not 43 base64 characters (-40004)', () => {
    expect(codeOf(() => new PushCrypto({ ...tencentSample, encodingAESKey: 'short' }))).toBe(
      PushCryptoErrcode.ILLEGAL_AES_KEY,
    );
  });
});

describe('PushCrypto round trips', () => {
  const crypto = new PushCrypto({
    token: 'tok',
    encodingAESKey: 'B'.repeat(43),
    appid: 'wx1234567890abcdef',
  });

  it('decrypts what it encrypts, whatever the length', () => {
    for (const message of ['', 'a', '核销卡券', 'x'.repeat(31), 'y'.repeat(32), 'z'.repeat(1000)]) {
      expect(crypto.decrypt(crypto.encrypt(message))).toBe(message);
    }
  });

  it('builds XML and JSON safe-mode replies whose signature verifies and whose Encrypt decrypts', () => {
    const xml = crypto.encryptReply('success', '1714112445', 'n0nce', 'xml');
    const fields = parsePushXml(xml);
    expect(fields.TimeStamp).toBe('1714112445');
    expect(fields.Nonce).toBe('n0nce');
    expect(fields.MsgSignature).toBe(crypto.signature('1714112445', 'n0nce', fields.Encrypt as string));
    expect(crypto.decrypt(fields.Encrypt as string)).toBe('success');

    const json = JSON.parse(crypto.encryptReply('{"a":1}', '1714112445', 'n0nce', 'json')) as Record<
      string,
      unknown
    >;
    expect(json.TimeStamp).toBe(1714112445);
    expect(json.MsgSignature).toBe(crypto.signature('1714112445', 'n0nce', json.Encrypt as string));
    expect(crypto.decrypt(json.Encrypt as string)).toBe('{"a":1}');
  });

  it('compares signatures in constant time and rejects different lengths', () => {
    expect(verifySignature('abc', 'abc')).toBe(true);
    expect(verifySignature('abc', 'abd')).toBe(false);
    expect(verifySignature('abc', 'abcd')).toBe(false);
  });
});
