import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushOutcome } from '../src/app.js';
import { resolveSimOptions } from '../src/options.js';
import { decryptPush, type RunningSim, sha1Sorted, startReceiver, startSim, testKeys } from './helpers.js';

let sim: RunningSim;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
afterEach(async () => {
  await sim?.close();
  await receiver?.close();
});

const xml = new XMLParser({ processEntities: false, parseTagValue: false });
const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('POST /sim/push', () => {
  it('sends a plaintext XML message with a valid signature and CDATA strings', async () => {
    sim = await startSim();
    receiver = await startReceiver(async () => ({ body: 'success' }));
    const push = sim.keys.push[sim.appid]!;
    const outcome = await sim.post<PushOutcome>('/sim/push', {
      url: `${receiver.url}/wx/push/${sim.appid}`,
      mode: 'plain',
      format: 'xml',
      message: { FromUserName: 'o-user', MsgType: 'text', Content: 'a < b ]]> c', MsgId: 42 },
    });
    expect(outcome.delivered).toBe(true);
    expect(outcome.attempts).toHaveLength(1);
    const { url, body, headers } = receiver.received[0]!;
    const q = query(url);
    expect(q.signature).toBe(sha1Sorted(push.token, q.timestamp!, q.nonce!));
    expect(q).not.toHaveProperty('msg_signature');
    expect(headers['content-type']).toContain('text/xml');
    expect(body).toContain('<MsgId>42</MsgId>');
    expect(body).toContain('<MsgType><![CDATA[text]]></MsgType>');
    const parsed = xml.parse(body).xml;
    expect(parsed.Content).toBe('a < b ]]> c');
    expect(parsed.ToUserName).toMatch(/^gh_/);
    expect(Number(parsed.CreateTime)).toBeGreaterThan(1_600_000_000);
  });

  it('sends a safe-mode XML message only as ToUserName + Encrypt, signed with msg_signature', async () => {
    sim = await startSim();
    receiver = await startReceiver(async () => ({ body: '' }));
    const push = sim.keys.push[sim.appid]!;
    await sim.post('/sim/push', {
      url: `${receiver.url}/wx`,
      mode: 'safe',
      format: 'xml',
      message: { FromUserName: 'o-user', MsgType: 'event', Event: 'user_enter_tempsession' },
    });
    const { url, body } = receiver.received[0]!;
    const q = query(url);
    const envelope = xml.parse(body).xml;
    expect(Object.keys(envelope).sort()).toEqual(['Encrypt', 'ToUserName']);
    expect(q.encrypt_type).toBe('aes');
    expect(q.msg_signature).toBe(sha1Sorted(push.token, q.timestamp!, q.nonce!, envelope.Encrypt));
    const inner = decryptPush(envelope.Encrypt, push.encodingAESKey);
    expect(inner.appid).toBe(sim.appid);
    expect(xml.parse(inner.message).xml).toMatchObject({
      FromUserName: 'o-user',
      Event: 'user_enter_tempsession',
    });
  });

  it('sends compatible-mode JSON with the plaintext fields beside Encrypt', async () => {
    sim = await startSim();
    receiver = await startReceiver(async () => ({ body: 'success' }));
    const push = sim.keys.push[sim.appid]!;
    await sim.post('/sim/push', {
      url: `${receiver.url}/wx`,
      mode: 'compatible',
      format: 'json',
      message: { FromUserName: 'o-user', MsgType: 'text', Content: '你好' },
    });
    const { url, body, headers } = receiver.received[0]!;
    expect(headers['content-type']).toContain('application/json');
    const envelope = JSON.parse(body);
    expect(envelope).toMatchObject({ FromUserName: 'o-user', Content: '你好' });
    const q = query(url);
    expect(q.signature).toBe(sha1Sorted(push.token, q.timestamp!, q.nonce!));
    expect(q.msg_signature).toBe(sha1Sorted(push.token, q.timestamp!, q.nonce!, envelope.Encrypt));
    expect(JSON.parse(decryptPush(envelope.Encrypt, push.encodingAESKey).message)).toMatchObject({
      Content: '你好',
    });
  });

  it('tries three times in all when the reply is not success, then gives up and shows each try in /sim', async () => {
    sim = await startSim();
    receiver = await startReceiver(async () => ({ body: 'fail' }));
    const outcome = await sim.post<PushOutcome>('/sim/push', {
      url: `${receiver.url}/wx`,
      message: { MsgType: 'text', Content: 'x', MsgId: '7' },
    });
    expect(outcome.delivered).toBe(false);
    expect(outcome.attempts.map((a) => a.body)).toEqual(['fail', 'fail', 'fail']);
    expect(receiver.received).toHaveLength(3);
    const [delivery] = await sim.get<Record<string, unknown>[]>('/sim/push/deliveries');
    expect(delivery).toMatchObject({ status: 'given_up', appid: sim.appid, msgType: 'text', msgId: '7' });
    expect((delivery!.tries as { try: number; outcome: string }[]).map((t) => [t.try, t.outcome])).toEqual([
      [1, 'refused'],
      [2, 'refused'],
      [3, 'refused'],
    ]);
  });

  it('waits 5 s per try and tries 3 times by default, as WeChat does', () => {
    const config = resolveSimOptions({ ...testKeys(), timeScale: 1 });
    expect([config.pushTimeoutMs, config.pushTries]).toEqual([5000, 3]);
  });

  it.each(['xml', 'json'] as const)('sends a MsgId above 2^53 exactly in %s', async (format) => {
    sim = await startSim();
    receiver = await startReceiver(async () => ({ body: 'success' }));
    const msgId = '9223372036854775807';
    await sim.post('/sim/push', {
      url: `${receiver.url}/wx`,
      mode: 'plain',
      format,
      message: { FromUserName: 'o-user', MsgType: 'text', Content: 'hi', MsgId: msgId },
    });
    const body = receiver.received[0]!.body;
    expect(body).toContain(format === 'xml' ? `<MsgId>${msgId}</MsgId>` : `"MsgId":${msgId}`);
  });

  it('retries after a non-2xx and after a reply slower than the timeout', async () => {
    sim = await startSim({ pushTimeoutMs: 150 });
    receiver = await startReceiver(async (_req, index) =>
      index === 0 ? { status: 500 } : index === 1 ? { delayMs: 400, body: 'success' } : { body: 'success' },
    );
    const outcome = await sim.post<PushOutcome>('/sim/push', {
      url: `${receiver.url}/wx`,
      message: { MsgType: 'text' },
    });
    expect(outcome.delivered).toBe(true);
    expect(outcome.attempts.map((a) => [a.status, a.outcome])).toEqual([
      [500, 'refused'],
      [0, 'timeout'],
      [200, 'accepted'],
    ]);
    expect(outcome.attempts[1]!.ms).toBeGreaterThanOrEqual(140);
  });

  it('validates the request: URL, mode and message values', async () => {
    sim = await startSim();
    const noUrl = await sim.postRaw('/sim/push', { message: { a: 'b' } });
    expect(noUrl.status).toBe(400);
    expect(((await noUrl.json()) as { message: string }).message).toContain('url');
    expect(
      (await sim.postRaw('/sim/push', { url: 'http://x', mode: 'weird', message: { a: 'b' } })).status,
    ).toBe(400);
    expect((await sim.postRaw('/sim/push', { url: 'http://x', message: { a: { nested: 1 } } })).status).toBe(
      400,
    );
    expect(
      (await sim.postRaw('/sim/push', { url: 'http://x', appid: 'wxnone', message: { a: 'b' } })).status,
    ).toBe(400);
  });
});

describe('POST /sim/push/card-event', () => {
  it('builds a user_consume_card event from the Official Account with the card fields and a virtual CreateTime', async () => {
    sim = await startSim();
    receiver = await startReceiver(async () => ({ body: 'success' }));
    const oa = sim.keys.officialAccount!;
    const push = sim.keys.push[oa.appid]!;
    const clock = await sim.post<{ epochMs: number }>('/sim/clock/advance', { seconds: 86_400 });
    const outcome = await sim.post<PushOutcome & { message: Record<string, unknown> }>(
      '/sim/push/card-event',
      {
        url: `${receiver.url}/wx`,
        mode: 'safe',
        format: 'xml',
        event: 'user_consume_card',
        openid: 'o-shopper',
        card_id: 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc',
        user_card_code: '123456789012',
        location_name: '南山店',
        remark_amount: '10.00',
        outer_str: 'order-1',
        out_trade_no: 'SN202612020001',
        trans_id: '4200000000202612020000000001',
        location_id: 291710956,
      },
    );
    expect(outcome.delivered).toBe(true);
    const envelope = xml.parse(receiver.received[0]!.body).xml;
    const inner = decryptPush(envelope.Encrypt, push.encodingAESKey);
    expect(inner.appid).toBe(oa.appid);
    expect(inner.message).toContain('<LocationId>291710956</LocationId>');
    const event = xml.parse(inner.message).xml;
    expect(event).toMatchObject({
      FromUserName: 'o-shopper',
      MsgType: 'event',
      Event: 'user_consume_card',
      CardId: 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc',
      UserCardCode: '123456789012',
      ConsumeSource: 'FROM_API',
      LocationName: '南山店',
      RemarkAmount: '10.00',
      OuterStr: 'order-1',
      StaffOpenId: '',
      VerifyCode: '',
      OutTradeNo: 'SN202612020001',
      TransId: '4200000000202612020000000001',
    });
    expect(Math.abs(Number(event.CreateTime) - Math.floor(clock.epochMs / 1000))).toBeLessThanOrEqual(2);
  });

  it('builds a user_get_card event in XML with numeric fields bare', async () => {
    sim = await startSim();
    receiver = await startReceiver(async () => ({ body: 'success' }));
    await sim.post('/sim/push/card-event', {
      url: `${receiver.url}/wx`,
      mode: 'plain',
      event: 'user_get_card',
      openid: 'o-shopper',
    });
    const body = receiver.received[0]!.body;
    expect(body).toContain('<IsGiveByFriend>0</IsGiveByFriend>');
    expect(body).toContain('<OuterId>0</OuterId>');
    const event = xml.parse(body).xml;
    expect(event.Event).toBe('user_get_card');
    expect(event.CardId).toMatch(/^p/);
    expect(event.UserCardCode).toMatch(/^\d{12}$/);
  });

  it('builds user_pay_from_pay_cell with TransId, LocationId, Fee and OriginalFee', async () => {
    sim = await startSim();
    receiver = await startReceiver(async () => ({ body: 'success' }));
    const outcome = await sim.post<{ message: Record<string, unknown> }>('/sim/push/card-event', {
      url: `${receiver.url}/wx`,
      mode: 'plain',
      event: 'user_pay_from_pay_cell',
      openid: 'o-shopper',
      location_id: 12345,
      fee: 900,
      original_fee: 1000,
    });
    expect(outcome.message).toMatchObject({ LocationId: 12345, Fee: '900', OriginalFee: '1000' });
    expect(outcome.message.TransId).toMatch(/^\d{28}$/);
    expect(xml.parse(receiver.received[0]!.body).xml).toMatchObject({ Fee: '900', OriginalFee: '1000' });
  });

  it('sends card events only from the Official Account, and only in XML', async () => {
    sim = await startSim();
    const fromMiniProgram = await sim.postRaw('/sim/push/card-event', {
      url: 'http://127.0.0.1:9/wx',
      appid: sim.appid,
      event: 'user_consume_card',
      openid: 'o',
    });
    expect(fromMiniProgram.status).toBe(400);
    expect(((await fromMiniProgram.json()) as { message: string }).message).toContain('Official Account');
    const asJson = await sim.postRaw('/sim/push/card-event', {
      url: 'http://127.0.0.1:9/wx',
      format: 'json',
      event: 'user_consume_card',
      openid: 'o',
    });
    expect(asJson.status).toBe(400);
    expect(((await asJson.json()) as { message: string }).message).toContain('XML only');
  });

  it('refuses an unknown event name', async () => {
    sim = await startSim();
    const res = await sim.postRaw('/sim/push/card-event', {
      url: 'http://x',
      event: 'user_eat_card',
      openid: 'o',
    });
    expect(res.status).toBe(400);
  });
});
