import { PushCryptoErrcode } from '@checkout/shared';
import { describe, expect, it } from 'vitest';
import { PushCryptoError } from '../../src/errors.js';
import {
  detectPushFormat,
  extractEncrypt,
  parsePushEnvelope,
  parsePushJson,
  parsePushXml,
} from '../../src/push/parse.js';

function parseCode(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof PushCryptoError) return err.code;
    throw err;
  }
  return undefined;
}

const cardEvent = `<xml>
  <ToUserName><![CDATA[gh_fc0a06a20993]]></ToUserName>
  <FromUserName><![CDATA[ oZI8Fj040-be6rlDohc6gkoPOQTQ ]]></FromUserName>
  <CreateTime>1472549042</CreateTime>
  <MsgType><![CDATA[event]]></MsgType>
  <Event><![CDATA[user_consume_card]]></Event>
  <CardId><![CDATA[pZI8Fj8y-E8hpvho2d1ZvpGwQBvA]]></CardId>
  <UserCardCode><![CDATA[000125378910]]></UserCardCode>
  <ConsumeSource><![CDATA[FROM_API]]></ConsumeSource>
  <LocationId>0</LocationId>
</xml>`;

describe('parsePushXml', () => {
  it('unwraps <xml>, merges CDATA, trims values and keeps every value a string', () => {
    expect(parsePushXml(cardEvent)).toEqual({
      ToUserName: 'gh_fc0a06a20993',
      FromUserName: 'oZI8Fj040-be6rlDohc6gkoPOQTQ',
      CreateTime: '1472549042',
      MsgType: 'event',
      Event: 'user_consume_card',
      CardId: 'pZI8Fj8y-E8hpvho2d1ZvpGwQBvA',
      UserCardCode: '000125378910',
      ConsumeSource: 'FROM_API',
      LocationId: '0',
    });
  });

  it('leaves entities unexpanded', () => {
    const fields = parsePushXml('<xml><Content>a &amp; b &lt;c&gt;</Content></xml>');
    expect(fields.Content).toBe('a &amp; b &lt;c&gt;');
  });

  it('refuses DOCTYPE and ENTITY declarations (XXE, billion laughs) with -40002', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><A>&e;</A></xml>';
    const laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml><A>&lol2;</A></xml>';
    expect(parseCode(() => parsePushXml(xxe))).toBe(PushCryptoErrcode.PARSE_XML);
    expect(parseCode(() => parsePushXml(laughs))).toBe(PushCryptoErrcode.PARSE_XML);
    expect(parseCode(() => parsePushXml('<!doctype xml><xml><A>1</A></xml>'))).toBe(
      PushCryptoErrcode.PARSE_XML,
    );
  });

  it('refuses prototype-polluting element names and bodies without an <xml> root', () => {
    expect(parseCode(() => parsePushXml('<xml><__proto__><a>1</a></__proto__></xml>'))).toBe(
      PushCryptoErrcode.PARSE_XML,
    );
    expect(parseCode(() => parsePushXml('<root><A>1</A></root>'))).toBe(PushCryptoErrcode.PARSE_XML);
    expect(parseCode(() => parsePushXml('just text'))).toBe(PushCryptoErrcode.PARSE_XML);
  });
});

describe('parsePushJson', () => {
  it('parses an object body', () => {
    expect(parsePushJson('{"MsgType":"event","CreateTime":1}')).toEqual({ MsgType: 'event', CreateTime: 1 });
  });

  it('keeps a 64-bit MsgId exact as its digits, as XML gives it', () => {
    // 2^53 + 1 and 2^63 - 1: a double would round both, so two messages could share an id.
    expect(parsePushJson('{"MsgType":"text","MsgId":9007199254740993}').MsgId).toBe('9007199254740993');
    expect(parsePushJson('{ "MsgId" : 9223372036854775807 , "CreateTime":1}')).toEqual({
      MsgId: '9223372036854775807',
      CreateTime: 1,
    });
    expect(parsePushJson('{"MsgID":9007199254740995}').MsgID).toBe('9007199254740995');
    // The same characters inside a string value are text, not a field.
    expect(parsePushJson('{"Content":"{\\"MsgId\\":1}"}').Content).toBe('{"MsgId":1}');
    expect(parsePushXml('<xml><MsgId>9007199254740993</MsgId></xml>').MsgId).toBe('9007199254740993');
  });

  it('refuses __proto__ and constructor keys at any depth, escaped or not', () => {
    expect(parseCode(() => parsePushJson('{"__proto__":{"admin":true}}'))).toBe(PushCryptoErrcode.PARSE_XML);
    expect(parseCode(() => parsePushJson('{"a":{"b":[{"constructor":{}}]}}'))).toBe(
      PushCryptoErrcode.PARSE_XML,
    );
    expect(parseCode(() => parsePushJson('{"\\u005f_proto__":{}}'))).toBe(PushCryptoErrcode.PARSE_XML);
  });

  it('refuses malformed JSON and non-object roots', () => {
    expect(parseCode(() => parsePushJson('{"a":'))).toBe(PushCryptoErrcode.PARSE_XML);
    expect(parseCode(() => parsePushJson('[1,2]'))).toBe(PushCryptoErrcode.PARSE_XML);
    expect(parseCode(() => parsePushJson('null'))).toBe(PushCryptoErrcode.PARSE_XML);
  });
});

describe('envelopes and the Encrypt fast path', () => {
  const encrypt = 'QUJDREVGR0hJSktMTU5PUA+/=';

  it('detects the format from the content type, then from the first character', () => {
    expect(detectPushFormat('<xml/>', 'application/json; charset=utf-8')).toBe('json');
    expect(detectPushFormat('{}', 'text/xml')).toBe('xml');
    expect(detectPushFormat('  \n{"a":1}')).toBe('json');
    expect(detectPushFormat('<xml></xml>')).toBe('xml');
  });

  it('parses XML and JSON envelopes', () => {
    const xml = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    expect(parsePushEnvelope(xml, 'text/xml')).toEqual({ ToUserName: 'gh_1', Encrypt: encrypt });
    expect(parsePushEnvelope(JSON.stringify({ ToUserName: 'gh_1', Encrypt: encrypt }))).toEqual({
      ToUserName: 'gh_1',
      Encrypt: encrypt,
    });
  });

  it('extracts the same Encrypt as the full parser for every envelope shape', () => {
    const bodies: Array<[string, 'xml' | 'json']> = [
      [
        `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
        'xml',
      ],
      [`<xml>\n  <Encrypt>\n<![CDATA[${encrypt}]]>\n</Encrypt>\n</xml>`, 'xml'],
      [`<xml><Encrypt>${encrypt}</Encrypt><MsgType>event</MsgType></xml>`, 'xml'],
      [JSON.stringify({ ToUserName: 'gh_1', Encrypt: encrypt }), 'json'],
      [`{"Encrypt" : "${encrypt.replace('/', '\\/')}"}`, 'json'],
    ];
    for (const [body, format] of bodies) {
      expect(extractEncrypt(body, format)).toBe(parsePushEnvelope(body, format).Encrypt);
      expect(extractEncrypt(body, format)).toBe(encrypt);
    }
  });

  it('returns undefined when there is no Encrypt field', () => {
    expect(extractEncrypt('<xml><MsgType>event</MsgType></xml>', 'xml')).toBeUndefined();
    expect(extractEncrypt('{"MsgType":"event"}', 'json')).toBeUndefined();
  });
});
