import type { AdminEventsReply } from '@checkout/shared';
import { PushCrypto } from '@checkout/wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, type TestApp } from '../helper.js';
import { adminGet, buildPushApp, pushEnv } from './push-kit.js';
import { miniProgramDoc, tencentSample } from './vectors.js';

const apps = [miniProgramDoc, tencentSample].map(({ appid, token, encodingAESKey }) => ({
  appid,
  token,
  encodingAESKey,
}));

describe.each(DATABASES)('official message-push vectors on %s', (flavour) => {
  let t: TestApp;
  beforeAll(async () => {
    // The vectors are years old: the replay window is off for them.
    t = await buildPushApp(flavour, pushEnv(apps, { WECHAT_PUSH_MAX_SKEW_S: '0' }));
  });
  afterAll(() => t.close());

  it('accepts the mini-program doc safe-mode JSON push and stores its event', async () => {
    const { safe } = miniProgramDoc;
    const query = new URLSearchParams({
      signature: safe.signature,
      timestamp: safe.timestamp,
      nonce: safe.nonce,
      openid: safe.openid,
      encrypt_type: 'aes',
      msg_signature: safe.msgSignature,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/wx/push/${miniProgramDoc.appid}?${query}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ToUserName: safe.toUserName, Encrypt: safe.encrypt }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('success');
    const { events } = await adminGet<AdminEventsReply>(t.app, `/admin/events?appid=${miniProgramDoc.appid}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      appid: miniProgramDoc.appid,
      msgType: 'event',
      event: 'debug_demo',
      openidMasked: 'o9Ag****3bGY',
      createTime: new Date(1714112445 * 1000).toISOString(),
      payload: { debug_str: 'hello world', FromUserName: 'o9Ag****3bGY' },
    });
  });

  it("accepts Tencent's sample safe-mode XML message (a text message keyed by MsgId)", async () => {
    const { request } = tencentSample;
    const query = new URLSearchParams({
      timestamp: request.timestamp,
      nonce: request.nonce,
      encrypt_type: 'aes',
      msg_signature: request.msgSignature,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/wx/push/${tencentSample.appid}?${query}`,
      headers: { 'content-type': 'text/xml' },
      payload: request.data,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('success');
    const { events } = await adminGet<AdminEventsReply>(t.app, `/admin/events?appid=${tencentSample.appid}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      msgType: 'text',
      payload: { Content: 'hello', MsgId: '4561255354251345929' },
    });
  });

  it('echoes the doc handshake echostr', async () => {
    const { handshake } = miniProgramDoc;
    const res = await t.app.inject({
      method: 'GET',
      url: `/wx/push/${miniProgramDoc.appid}?${new URLSearchParams(handshake)}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(handshake.echostr);
  });

  it("decrypts Tencent's sample encrypted echostr signed with msg_signature", async () => {
    const { verifyUrl } = tencentSample;
    const query = new URLSearchParams({
      msg_signature: verifyUrl.msgSignature,
      timestamp: verifyUrl.timestamp,
      nonce: verifyUrl.nonce,
      echostr: verifyUrl.echostr,
    });
    const res = await t.app.inject({ method: 'GET', url: `/wx/push/${tencentSample.appid}?${query}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(new PushCrypto(tencentSample).decrypt(verifyUrl.echostr));
    expect(res.body).toMatch(/^\d+$/);
  });

  it('refuses the handshake with a wrong signature', async () => {
    const query = new URLSearchParams({ ...miniProgramDoc.handshake, signature: '0'.repeat(40) });
    const res = await t.app.inject({ method: 'GET', url: `/wx/push/${miniProgramDoc.appid}?${query}` });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('PUSH_SIGNATURE_INVALID');
  });
});
