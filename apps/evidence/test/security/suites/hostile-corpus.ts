// A corpus of hostile inputs for the webhooks, each named for what it tries: entity tricks, size, prototype
// keys, frames for another app, stale or replayed messages, oversized fields. Each is refused with a 4xx
// (or, for a replay, acknowledged without a second effect), fast, and stores nothing it should not.

import { PushCrypto } from '@checkout/wechat';
import { describe, expect, it } from 'vitest';
import { postNotification, signNotification, transactionFor } from '../../support/pay-notification.js';
import { cardEventXml, distinctCardEvents, PushSigner } from '../../support/push-requests.js';
import { login, order, pay } from '../../support/shopper.js';
import { waitFor } from '../../support/wait.js';
import type { World } from '../world.js';

const XXE =
  '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
  '<xml><ToUserName>gh_x</ToUserName><FromUserName>&xxe;</FromUserName><CreateTime>1700000000</CreateTime>' +
  '<MsgType>event</MsgType><Event>user_consume_card</Event><CardId>p</CardId><UserCardCode>&xxe;</UserCardCode></xml>';
const LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ).join('') +
  ']><xml><FromUserName>&lol9;</FromUserName><MsgType>event</MsgType><Event>x</Event><CreateTime>1</CreateTime></xml>';

export function hostileCorpusSuite(world: () => World): void {
  describe('hostile corpus against POST /wx/push/:appid', () => {
    const post = (w: World, request: { path: string; body: string; contentType: string }) =>
      w.app.inject({
        method: 'POST',
        url: request.path,
        headers: { 'content-type': request.contentType },
        payload: request.body,
      });

    const refusals: [
      string,
      (w: World, s: PushSigner) => { path: string; body: string; contentType: string },
      number[],
    ][] = [
      ['XXE, plaintext mode', (_w, s) => s.plain(XXE), [400]],
      ['XXE inside a validly encrypted safe-mode message', (_w, s) => s.safe(XXE), [400]],
      ['billion laughs, plaintext mode', (_w, s) => s.plain(LAUGHS), [400]],
      ['billion laughs inside a validly encrypted message', (_w, s) => s.safe(LAUGHS), [400]],
      [
        'a 10 MB body',
        (_w, s) => ({ ...s.plain('<xml>'), body: `<xml>${'A'.repeat(10 * 2 ** 20)}</xml>` }),
        [413],
      ],
      [
        'a body just over 64 KB',
        (_w, s) => s.plain(`<xml><MsgType>text</MsgType><Content>${'A'.repeat(65 * 1024)}</Content></xml>`),
        [413],
      ],
      [
        '__proto__ element without the message fields',
        (_w, s) => s.safe('<xml><__proto__><polluted>yes</polluted></__proto__></xml>'),
        [400],
      ],
      [
        '__proto__ key in a JSON message without the message fields',
        (_w, s) => ({
          ...s.plain('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
          contentType: 'application/json',
        }),
        [400],
      ],
      [
        'a frame encrypted for another appid',
        (w) =>
          new PushSigner({ ...w.emulator.push, appid: 'wxattacker000000' }).safe(
            cardEventXml(distinctCardEvents(1)[0]!),
            { appidInPath: w.emulator.push.appid },
          ),
        [401],
      ],
      [
        "a frame for another appid, sent to that appid's path",
        (w, s) => {
          const other = new PushCrypto({ ...w.emulator.push, appid: 'wxattacker000000' });
          const r = s.safe(cardEventXml(distinctCardEvents(1)[0]!));
          const encrypt = other.encrypt(cardEventXml(distinctCardEvents(1)[0]!));
          return {
            ...r,
            path: r.path.replace(`/wx/push/${w.emulator.push.appid}`, '/wx/push/wxattacker000000'),
            body: r.body.replace(/<Encrypt>.*<\/Encrypt>/, `<Encrypt><![CDATA[${encrypt}]]></Encrypt>`),
          };
        },
        [404],
      ],
      [
        'a validly signed message with a timestamp one hour old',
        (_w, s) =>
          s.safe(cardEventXml(distinctCardEvents(1)[0]!), {
            timestamp: String(Math.floor(Date.now() / 1000) - 3600),
          }),
        [401],
      ],
      [
        'a validly signed message with a timestamp one hour ahead',
        (_w, s) =>
          s.safe(cardEventXml(distinctCardEvents(1)[0]!), {
            timestamp: String(Math.floor(Date.now() / 1000) + 3600),
          }),
        [401],
      ],
      [
        'a 10,000-character signature',
        (_w, s) => {
          const r = s.safe('<xml/>');
          return { ...r, path: r.path.replace(/msg_signature=[^&]+/, `msg_signature=${'a'.repeat(10_000)}`) };
        },
        [400, 414, 431],
      ],
      [
        'a 100,000-character openid query parameter',
        (_w, s) => {
          const r = s.safe('<xml/>');
          return { ...r, path: `${r.path}&openid=${'o'.repeat(100_000)}` };
        },
        [400, 414, 431],
      ],
      [
        'a message with a 60 KB field (under the body limit)',
        (_w, s) => s.safe(cardEventXml(distinctCardEvents(1)[0]!, `<Junk>${'J'.repeat(40 * 1024)}</Junk>`)),
        [200, 400, 413],
      ],
    ];

    for (const [name, build, allowed] of refusals) {
      it(`${name}: ${allowed.join(' or ')}, fast, nothing unexpected stored`, async () => {
        const w = world();
        const signer = new PushSigner(w.emulator.push);
        const before = await w.count('events');
        const started = performance.now();
        const res = await post(w, build(w, signer));
        expect(performance.now() - started).toBeLessThan(2000);
        expect(allowed, `${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
        expect(res.body).not.toContain('root:');
        expect(await w.count('events')).toBe(before + (res.statusCode === 200 ? 1 : 0));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });
    }

    it('a replayed push (same message, fresh signature) is acknowledged and stored once', async () => {
      const w = world();
      const signer = new PushSigner(w.emulator.push);
      const message = cardEventXml(distinctCardEvents(1, 'oReplay')[0]!);
      const before = await w.count('events');
      for (let i = 0; i < 3; i++) {
        const res = await post(w, signer.safe(message));
        expect(res.statusCode).toBe(200);
        expect(res.body).toBe('success');
      }
      expect(await w.count('events')).toBe(before + 1);
    });

    it('GET handshake with an oversized or unsigned echostr is refused', async () => {
      const w = world();
      const appid = w.emulator.push.appid;
      const huge = await w.app.inject({
        method: 'GET',
        url: `/wx/push/${appid}?timestamp=1&nonce=1&signature=x&echostr=${'e'.repeat(5000)}`,
      });
      expect(huge.statusCode).toBe(400);
      const unsigned = await w.app.inject({
        method: 'GET',
        url: `/wx/push/${appid}?timestamp=${Math.floor(Date.now() / 1000)}&nonce=1&signature=${'0'.repeat(40)}&echostr=hello`,
      });
      expect(unsigned.statusCode).toBe(401);
      expect(unsigned.body).not.toBe('hello');
    });
  });

  describe('hostile corpus against POST /pay/notify', () => {
    it('stale, foreign, tampered, oversized and replayed notifications: one state change at most', async () => {
      const w = world();
      const keys = w.emulator.keys;
      const shopper = await login(w.emulator, w.url);
      const created = await order(w.url, shopper);
      const tx = transactionFor(keys, created.order, shopper.openid);
      const fresh = signNotification(keys, tx);
      const paidBefore = await w.count('paid orders');
      w.remember('Wechatpay-Signature', fresh.headers['wechatpay-signature']);

      const refused: [string, ReturnType<typeof signNotification>, number][] = [
        [
          'timestamp one hour old',
          signNotification(keys, tx, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
          401,
        ],
        [
          'unknown platform serial',
          signNotification(keys, tx, { serial: 'PUB_KEY_ID_0000000000000000000000000000' }),
          401,
        ],
        [
          'amount changed to 1 fen',
          signNotification(keys, { ...tx, amount: { ...tx.amount, total: 1, payer_total: 1 } }),
          400,
        ],
        [
          'paid by another openid',
          signNotification(keys, { ...tx, payer: { openid: 'oSomeoneElse0000000000000001' } }),
          400,
        ],
        ['another merchant', signNotification(keys, { ...tx, mchid: '1999999999' }), 400],
        ['another appid', signNotification(keys, { ...tx, appid: 'wxattacker000000' }), 400],
        ['an order of no one', signNotification(keys, { ...tx, out_trade_no: '20990101000000000000' }), 404],
        [
          '__proto__ in the resource',
          signNotification(
            keys,
            JSON.parse(`{"__proto__":{"polluted":"yes"},${JSON.stringify(tx).slice(1)}`),
          ),
          204,
        ],
        [
          'XXE-looking JSON',
          signNotification(keys, tx, {
            rawBody: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
          }),
          400,
        ],
        [
          'a tampered body under a valid signature',
          { ...fresh, body: fresh.body.replace('"summary":"支付成功"', '"summary":"x"') },
          401,
        ],
        [
          'a 100 KB signature header (refused by the HTTP server)',
          { ...fresh, headers: { ...fresh.headers, 'wechatpay-signature': 'A'.repeat(100 * 1024) } },
          431,
        ],
        [
          'a 4 KB signature header',
          { ...fresh, headers: { ...fresh.headers, 'wechatpay-signature': 'A'.repeat(4096) } },
          401,
        ],
        ['a 1 MB body', { ...fresh, body: `{"a":"${'A'.repeat(2 ** 20)}"}` }, 413],
      ];
      const outcomes: string[] = [];
      for (const [name, notification, status] of refused) {
        // __proto__ as the only extra key still pays the order; the order may be paid by that case only.
        const reply = await postNotification(w.url, notification);
        outcomes.push(`${name}: ${reply.status}`);
        if (status !== 204) expect(reply.status, `${name}: ${reply.body}`).toBe(status);
        else expect([204, 400], name).toContain(reply.status);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // The genuine notification, then replays of it: one state change.
      for (let i = 0; i < 3; i++) expect((await postNotification(w.url, fresh)).status).toBe(204);
      expect(await w.count('paid orders')).toBe(paidBefore + 1);
      const view = await waitFor(async () => {
        const res = await w.app.inject({
          method: 'GET',
          url: `/orders/${created.order.sn}`,
          headers: shopper.headers,
        });
        const body = res.json() as { status: string; totalFen: number; notices: unknown[] };
        return body.notices.length > 0 ? body : undefined;
      }, 'the notice');
      expect(view).toMatchObject({ status: 'paid', totalFen: created.order.totalFen });
      expect(view.notices).toHaveLength(1);
      // The emulator's own payment later is a duplicate too.
      await pay(w.emulator, created.payment).catch(() => undefined);
      expect(await w.count('paid orders')).toBe(paidBefore + 1);
    });
  });
}
