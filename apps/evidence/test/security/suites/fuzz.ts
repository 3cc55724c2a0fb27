// Property-based fuzzing of the two webhooks: random and mutated bodies, headers and query strings.
// Whatever arrives: never a 5xx, never a crash, nothing stored.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signNotification, transactionFor } from '../../support/pay-notification.js';
import { PushSigner } from '../../support/push-requests.js';
import type { World } from '../world.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const contentTypes = fc.constantFrom(
  'text/xml',
  'application/xml',
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
);

/** Mutations of a valid string: flip, cut, duplicate, splice in hostile text. */
function mutated(valid: string): fc.Arbitrary<string> {
  const hostile = fc.constantFrom(
    '<',
    '>',
    ']]>',
    '&amp;',
    '&xxe;',
    '\u0000',
    '"',
    '{',
    '}',
    '%',
    '\uFFFF',
    '<!DOCTYPE x [<!ENTITY a "b">]>',
  );
  return fc
    .oneof(
      fc
        .tuple(fc.nat(valid.length), fc.string({ minLength: 1, maxLength: 3 }))
        .map(([at, s]) => valid.slice(0, at) + s + valid.slice(at + 1)),
      fc.nat(valid.length).map((at) => valid.slice(0, at)),
      fc.tuple(fc.nat(valid.length), hostile).map(([at, s]) => valid.slice(0, at) + s + valid.slice(at)),
      fc.nat(valid.length).map((at) => valid + valid.slice(at)),
    )
    .filter((candidate) => candidate !== valid); // an unchanged value is the genuine input, not a mutation
}

export function fuzzSuite(world: () => World): void {
  describe('property-based fuzzing of the webhooks', () => {
    it(`POST /wx/push/:appid: ${RUNS} random and mutated requests, never a 5xx, nothing stored`, async () => {
      const w = world();
      const signer = new PushSigner(w.emulator.push);
      const appid = w.emulator.push.appid;
      const eventsBefore = await w.count('events');
      const message =
        '<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[oFuzz]]></FromUserName>' +
        '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_consume_card]]></Event>' +
        '<CardId><![CDATA[pCard]]></CardId><UserCardCode><![CDATA[123]]></UserCardCode></xml>';
      const valid = signer.safe(message);
      const validQuery = Object.fromEntries(new URLSearchParams(valid.path.split('?')[1]));
      const encrypt = /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(valid.body)![1]!;
      w.remember('push signature', validQuery.signature);
      w.remember('push msg_signature', validQuery.msg_signature);

      const queryKeys = fc.constantFrom(
        'signature',
        'msg_signature',
        'timestamp',
        'nonce',
        'encrypt_type',
        'openid',
        'echostr',
        '__proto__',
        'constructor',
      );
      const randomQuery = fc.dictionary(
        queryKeys,
        fc.oneof(fc.string({ maxLength: 200 }), fc.constant(validQuery.signature!)),
      );
      // A valid signature over a body whose Encrypt was changed, or a valid body under a changed signature.
      const mutatedSigned = fc.oneof(
        mutated(encrypt).map((e) => ({ query: validQuery, body: valid.body.replace(encrypt, e) })),
        fc
          .record({
            query: fc.record({
              ...Object.fromEntries(
                Object.entries(validQuery).map(([k, v]) => [k, fc.oneof(fc.constant(v), mutated(v))]),
              ),
            }),
            body: fc.constant(valid.body),
          })
          .filter(
            // At least one signed part changed (an unchanged request is the genuine message).
            ({ query }) =>
              (['msg_signature', 'timestamp', 'nonce'] as const).some((k) => query[k] !== validQuery[k]),
          ),
      );
      const randomBody = fc.oneof(
        fc.string({ maxLength: 2000 }),
        fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
        mutated(valid.body),
        mutated(message),
        fc.json(),
      );
      const request = fc.oneof(
        fc.record({
          query: randomQuery,
          body: randomBody,
          contentType: contentTypes,
          appid: fc.oneof(fc.constant(appid), fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/)),
        }),
        mutatedSigned.map((r) => ({ ...r, contentType: 'text/xml', appid })),
      );

      await fc.assert(
        fc.asyncProperty(request, async ({ query, body, contentType, appid: target }) => {
          const res = await w.app.inject({
            method: 'POST',
            url: `/wx/push/${encodeURIComponent(target)}?${new URLSearchParams(query as Record<string, string>)}`,
            headers: contentType ? { 'content-type': contentType } : {},
            payload: body,
          });
          expect(res.statusCode, res.body).toBeLessThan(500);
          expect(res.statusCode === 200 ? res.body : 'refused').not.toBe('success');
        }),
        { numRuns: RUNS },
      );
      expect(await w.count('events')).toBe(eventsBefore);
      expect((await w.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    });

    it(`POST /pay/notify: ${RUNS} random and mutated notifications, never a 5xx, no order changes`, async () => {
      const w = world();
      const paidBefore = await w.count('paid orders');
      const keys = w.emulator.keys;
      const signed = signNotification(
        keys,
        transactionFor(keys, { sn: '20991231000000000001', totalFen: 100 }, 'oFuzzPayer0000000000000001'),
      );
      w.remember('Wechatpay-Signature', signed.headers['wechatpay-signature']);
      const headerNames = fc.constantFrom(
        'wechatpay-timestamp',
        'wechatpay-nonce',
        'wechatpay-serial',
        'wechatpay-signature',
        'content-type',
        'content-length',
        'transfer-encoding',
      );
      const request = fc.oneof(
        // A valid signature over bytes that were then changed.
        mutated(signed.body).map((body) => ({ body, headers: signed.headers })),
        // Valid bytes, a header changed or dropped.
        fc
          .tuple(
            fc.constantFrom(
              'wechatpay-timestamp',
              'wechatpay-nonce',
              'wechatpay-serial',
              'wechatpay-signature',
            ),
            fc.option(fc.string({ maxLength: 400 })),
          )
          .map(([name, value]) => {
            const headers: Record<string, string> = { ...signed.headers };
            if (value === null) delete headers[name];
            else headers[name] = value;
            return { body: signed.body, headers };
          }),
        // Anything at all.
        fc.record({
          body: fc.oneof(
            fc.string({ maxLength: 3000 }),
            fc.json(),
            fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b).toString('latin1')),
          ),
          headers: fc.dictionary(
            headerNames.filter((h) => h !== 'content-length' && h !== 'transfer-encoding'),
            fc.string({ maxLength: 200 }),
          ),
        }),
      );
      await fc.assert(
        fc.asyncProperty(request, async ({ body, headers }) => {
          const res = await w.app.inject({ method: 'POST', url: '/pay/notify', headers, payload: body });
          expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, res.body).toBeLessThan(500);
        }),
        { numRuns: RUNS },
      );
      expect(await w.count('paid orders')).toBe(paidBefore);
      expect((await w.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    });
  });
}
