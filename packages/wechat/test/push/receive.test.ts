import { PushCryptoErrcode } from '@checkout/shared';
import { describe, expect, it } from 'vitest';
import { PushCryptoError } from '../../src/errors.js';
import { PushCrypto } from '../../src/push/crypto.js';
import { openPushMessage } from '../../src/push/receive.js';
import { miniProgramDoc, tencentSample } from './vectors.js';

function failureCode(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof PushCryptoError) return err.code;
    throw err;
  }
  return undefined;
}

describe('openPushMessage with the published vectors', () => {
  it('opens the doc safe-mode JSON push with its URL query', () => {
    const { safe } = miniProgramDoc;
    const opened = openPushMessage({
      crypto: new PushCrypto(miniProgramDoc),
      query: {
        signature: safe.signature,
        timestamp: safe.timestamp,
        nonce: safe.nonce,
        openid: safe.openid,
        encrypt_type: 'aes',
        msg_signature: safe.msgSignature,
      },
      body: JSON.stringify({ ToUserName: safe.toUserName, Encrypt: safe.encrypt }),
      contentType: 'application/json',
    });
    expect(opened).toEqual({
      mode: 'aes',
      format: 'json',
      text: safe.decrypted,
      message: JSON.parse(safe.decrypted),
    });
  });

  it('opens the doc plaintext push', () => {
    const { plaintext } = miniProgramDoc;
    const opened = openPushMessage({
      crypto: new PushCrypto(miniProgramDoc),
      query: { signature: plaintext.signature, timestamp: plaintext.timestamp, nonce: plaintext.nonce },
      body: plaintext.body,
    });
    expect(opened.mode).toBe('plaintext');
    expect(opened.message.Event).toBe('debug_demo');
  });

  it("opens Tencent's sample XML push", () => {
    const { request } = tencentSample;
    const opened = openPushMessage({
      crypto: new PushCrypto(tencentSample),
      query: {
        timestamp: request.timestamp,
        nonce: request.nonce,
        encrypt_type: 'aes',
        msg_signature: request.msgSignature,
      },
      body: request.data,
    });
    expect(opened.format).toBe('xml');
    expect(opened.message).toMatchObject({
      FromUserName: 'mycreate',
      Content: 'hello',
      MsgId: '4561255354251345929',
    });
  });
});

describe('openPushMessage refusals', () => {
  const crypto = new PushCrypto({
    token: 'tok',
    encodingAESKey: 'C'.repeat(43),
    appid: 'wxabcdefabcdefabcd',
  });
  const event = '<xml><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_consume_card]]></Event></xml>';
  const encrypt = crypto.encrypt(event);
  const timestamp = '1714112445';
  const nonce = '42';
  const body = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  const query = {
    timestamp,
    nonce,
    encrypt_type: 'aes',
    msg_signature: crypto.signature(timestamp, nonce, encrypt),
  };
  const at = (seconds: number) => () => seconds * 1000;

  it('accepts a fresh push inside the replay window', () => {
    const opened = openPushMessage({ crypto, query, body, maxSkewSeconds: 300, now: at(1714112445 + 299) });
    expect(opened.message.Event).toBe('user_consume_card');
  });

  it('refuses a push outside the replay window', () => {
    expect(
      failureCode(() =>
        openPushMessage({ crypto, query, body, maxSkewSeconds: 300, now: at(1714112445 + 301) }),
      ),
    ).toBe(PushCryptoErrcode.VALIDATE_SIGNATURE);
  });

  it('refuses a changed Encrypt, a wrong msg_signature and a missing msg_signature', () => {
    const swapped = body.replace(encrypt, crypto.encrypt(event));
    expect(failureCode(() => openPushMessage({ crypto, query, body: swapped }))).toBe(
      PushCryptoErrcode.VALIDATE_SIGNATURE,
    );
    expect(
      failureCode(() =>
        openPushMessage({ crypto, query: { ...query, msg_signature: '0'.repeat(40) }, body }),
      ),
    ).toBe(PushCryptoErrcode.VALIDATE_SIGNATURE);
    expect(
      failureCode(() => openPushMessage({ crypto, query: { ...query, msg_signature: undefined }, body })),
    ).toBe(PushCryptoErrcode.VALIDATE_SIGNATURE);
  });

  it('refuses an aes push without Encrypt and a plaintext push with a wrong signature', () => {
    expect(failureCode(() => openPushMessage({ crypto, query, body: event }))).toBe(
      PushCryptoErrcode.PARSE_XML,
    );
    expect(
      failureCode(() =>
        openPushMessage({ crypto, query: { timestamp, nonce, signature: 'bad' }, body: event }),
      ),
    ).toBe(PushCryptoErrcode.VALIDATE_SIGNATURE);
  });
});
