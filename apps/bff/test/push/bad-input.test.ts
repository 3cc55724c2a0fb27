import type { AdminEventsReply } from '@checkout/shared';
import { PushCrypto } from '@checkout/wechat';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, type TestApp } from '../helper.js';
import {
  APP,
  adminGet,
  buildPushApp,
  cardEventXml,
  crypto,
  nonce,
  nowSeconds,
  plainRequest,
  postPush,
  pushEnv,
  safeRequest,
} from './push-kit.js';

describe.each(DATABASES)('message push refuses bad input on %s', (flavour) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildPushApp(flavour);
  });
  afterAll(() => t.close());

  const storedEvents = async () => (await adminGet<AdminEventsReply>(t.app, '/admin/events')).total;

  it('a missing signature answers 401', async () => {
    const res = await postPush(t.app, { query: `timestamp=${nowSeconds()}&nonce=1`, body: cardEventXml() });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'PUSH_SIGNATURE_INVALID', message: 'signature does not match' });
  });

  it('a wrong plaintext signature answers 401', async () => {
    const request = plainRequest(cardEventXml());
    const res = await postPush(t.app, {
      ...request,
      query: request.query.replace(/signature=\w+/, 'signature=abc'),
    });
    expect(res.statusCode).toBe(401);
  });

  it('safe mode checks msg_signature, never the URL signature', async () => {
    const request = safeRequest(cardEventXml());
    // The URL signature stays valid; only msg_signature is wrong.
    const query = request.query.replace(/msg_signature=\w+/, `msg_signature=${'0'.repeat(40)}`);
    const res = await postPush(t.app, { query, body: request.body });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('msg_signature does not match');
    const noMsgSignature = request.query.replace(/&msg_signature=\w+/, '');
    expect((await postPush(t.app, { query: noMsgSignature, body: request.body })).statusCode).toBe(401);
  });

  it('a timestamp outside the replay window answers 401', async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    const res = await postPush(t.app, safeRequest(cardEventXml(), { timestamp: stale }));
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/replay window/);
  });

  it('an unknown appid answers 404', async () => {
    const res = await postPush(t.app, safeRequest(cardEventXml()), { appid: 'wxunknown0000001' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'PUSH_APP_UNKNOWN' });
    expect(res.json().message).toContain('wxunknown0000001');
  });

  it('malformed XML answers 400', async () => {
    const res = await postPush(t.app, plainRequest('<xml><MsgType>event</Msg'));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('PUSH_BODY_INVALID');
  });

  it('malformed JSON answers 400', async () => {
    const res = await postPush(t.app, plainRequest('{"MsgType": "event",'), {
      contentType: 'application/json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('JSON is malformed');
  });

  it('a DOCTYPE with entities answers 400 without expanding anything', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<xml><MsgType>event</MsgType><Event>&b;</Event><FromUserName>o1</FromUserName><CreateTime>1</CreateTime></xml>';
    const res = await postPush(t.app, plainRequest(laughs));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/DOCTYPE or ENTITY/);
    // The same refusal inside a safe-mode ciphertext.
    const inner = await postPush(t.app, safeRequest(laughs));
    expect(inner.statusCode).toBe(400);
  });

  it('a body over 64 KB answers 413', async () => {
    const res = await postPush(t.app, plainRequest(`<xml><Pad>${'x'.repeat(70 * 1024)}</Pad></xml>`));
    expect(res.statusCode).toBe(413);
  });

  it('another appid inside the ciphertext answers 401', async () => {
    const other = new PushCrypto({ ...APP, appid: 'wxsomeoneelse0001' });
    const res = await postPush(t.app, safeRequest(cardEventXml(), { crypto: other }));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'PUSH_APPID_MISMATCH', message: 'frame appid does not match' });
  });

  it('a corrupt frame answers 400', async () => {
    const timestamp = nowSeconds();
    const n = nonce();
    const encrypt = Buffer.alloc(64, 7).toString('base64'); // whole AES blocks, garbage inside
    const query = new URLSearchParams({
      timestamp,
      nonce: n,
      encrypt_type: 'aes',
      msg_signature: crypto.signature(timestamp, n, encrypt),
    });
    const res = await postPush(t.app, {
      query: query.toString(),
      body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('PUSH_BODY_INVALID');
  });

  it('an empty body or a message without MsgType answers 400', async () => {
    expect((await postPush(t.app, plainRequest(''))).statusCode).toBe(400);
    const res = await postPush(t.app, safeRequest('<xml><FromUserName>o1</FromUserName></xml>'));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'PUSH_MESSAGE_INVALID', message: 'message has no MsgType' });
  });

  it('stored nothing for any of them and still serves a good push', async () => {
    expect(await storedEvents()).toBe(0);
    const res = await postPush(t.app, safeRequest(cardEventXml()));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('success');
    expect(await storedEvents()).toBe(1);
  });
});

describe.each(DATABASES)('message push when the database cannot store on %s', (flavour) => {
  it('answers 503 quickly while the events table is locked, then de-duplicates the redelivery', async () => {
    const t = await buildPushApp(flavour, pushEnv(), { storeTimeoutMs: 300 });
    let release: () => void = () => {};
    try {
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = t.app.db.transaction().execute(async (trx) => {
        await sql`LOCK TABLE push_events IN ACCESS EXCLUSIVE MODE`.execute(trx);
        locked();
        await released;
      });
      await isLocked;
      const message = cardEventXml();
      const started = Date.now();
      const res = await postPush(t.app, safeRequest(message));
      expect(res.statusCode).toBe(503);
      expect(Date.now() - started).toBeLessThan(2000);
      release();
      await holder;
      // WeChat retries: the same message is stored once whatever happened to the first attempt.
      const retry = await postPush(t.app, safeRequest(message));
      expect(retry.body).toBe('success');
      expect((await adminGet<AdminEventsReply>(t.app, '/admin/events')).total).toBe(1);
    } finally {
      // A failed expectation above must not leave the lock held: close() would wait for it forever.
      release();
      await t.close();
    }
  });

  it('answers 503 when the database is gone', async () => {
    const t = await buildPushApp(flavour);
    await t.app.db.destroy();
    const started = Date.now();
    const res = await postPush(t.app, safeRequest(cardEventXml()));
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toBe('Internal Server Error');
    expect(Date.now() - started).toBeLessThan(4000);
    await t.close().catch(() => {});
  });
});
