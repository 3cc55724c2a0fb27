// Benchmark (not a test): safe-mode push verify + decrypt + parse against wechat-crypto + xml2js,
// and the RSA cost of a Pay request. Run: pnpm --filter @checkout/wechat bench
import { deepStrictEqual } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import WXBizMsgCrypt from 'wechat-crypto';
import { parseString } from 'xml2js';
import { buildAuthorization, buildRequestPaymentParams } from '../src/pay/sign.js';
import { PushCrypto } from '../src/push/crypto.js';
import { parsePushXml, parsePushXmlGeneric } from '../src/push/parse.js';
import { openPushMessage } from '../src/push/receive.js';
import { compare, format, opsPerSecond } from './measure.js';

const settings = {
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  appid: 'wx5823bf96d3bd56c7',
};
const cardEvent = [
  '<xml>',
  '<ToUserName><![CDATA[gh_fc0a06a20993]]></ToUserName>',
  '<FromUserName><![CDATA[oZI8Fj040-be6rlDohc6gkoPOQTQ]]></FromUserName>',
  '<CreateTime>1472549042</CreateTime>',
  '<MsgType><![CDATA[event]]></MsgType>',
  '<Event><![CDATA[user_consume_card]]></Event>',
  '<CardId><![CDATA[pZI8Fj8y-E8hpvho2d1ZvpGwQBvA]]></CardId>',
  '<UserCardCode><![CDATA[452998530302]]></UserCardCode>',
  '<ConsumeSource><![CDATA[FROM_API]]></ConsumeSource>',
  '<LocationName><![CDATA[]]></LocationName>',
  '<StaffOpenId><![CDATA[oZ********nJ3bPJu_Rtjkw4c]]></StaffOpenId>',
  '<VerifyCode><![CDATA[]]></VerifyCode>',
  '<RemarkAmount><![CDATA[]]></RemarkAmount>',
  '<OuterStr><![CDATA[]]></OuterStr>',
  '</xml>',
].join('\n');

const ours = new PushCrypto(settings);
const encrypt = ours.encrypt(cardEvent);
const timestamp = '1472549043';
const nonce = '1831394727';
const query = {
  timestamp,
  nonce,
  encrypt_type: 'aes',
  msg_signature: ours.signature(timestamp, nonce, encrypt),
};
const body = `<xml>\n<ToUserName><![CDATA[gh_fc0a06a20993]]></ToUserName>\n<Encrypt><![CDATA[${encrypt}]]></Encrypt>\n</xml>`;

const legacyCrypto = new WXBizMsgCrypt(settings.token, settings.encodingAESKey, settings.appid);
type Xml2jsDoc = { xml: Record<string, string> };
function parseWithXml2js(xml: string): Record<string, string> {
  let result: Record<string, string> | undefined;
  // xml2js calls back synchronously unless `async: true`.
  parseString(xml, { trim: true, explicitArray: false }, (err: Error | null, doc: Xml2jsDoc) => {
    if (err) throw err;
    result = doc.xml;
  });
  if (!result) throw new Error('xml2js did not call back synchronously');
  return result;
}

const candidates = {
  /** Ours: Encrypt taken from the envelope without a full parse, verify, decrypt, flat reader. */
  ours: () => openPushMessage({ crypto: ours, query, body }).message,
  /** The straightforward pipeline: fast-xml-parser (same options) on both envelope and message. */
  straightforward: () => {
    const encrypted = String(parsePushXmlGeneric(body).Encrypt ?? '');
    ours.verifyMessageSignature(query.msg_signature, timestamp, nonce, encrypted);
    return parsePushXmlGeneric(ours.decrypt(encrypted));
  },
  /** What older Node projects do: xml2js on both, wechat-crypto in between. */
  legacy: () => {
    const envelope = parseWithXml2js(body);
    const encrypted = envelope.Encrypt ?? '';
    if (legacyCrypto.getSignature(timestamp, nonce, encrypted) !== query.msg_signature)
      throw new Error('signature');
    const { message, id } = legacyCrypto.decrypt(encrypted);
    if (id !== settings.appid) throw new Error('appid');
    return parseWithXml2js(message);
  },
};

// All three must read the same event before their speed means anything.
const expected = parsePushXml(cardEvent);
for (const [name, run] of Object.entries(candidates))
  deepStrictEqual(run(), expected, `${name} read another event`);

console.log(
  `Node ${process.version}, ${process.arch}; card event ${cardEvent.length} B, envelope ${body.length} B`,
);
const push = compare(candidates);
const ratio = (push.ours ?? 0) / (push.legacy ?? 1);
console.log('\nSafe-mode push: verify msg_signature + AES decrypt + parse (one user_consume_card event)');
console.log(`  ours (Encrypt extracted, flat reader)     ${format(push.ours ?? 0).padStart(9)} ops/s`);
console.log(
  `  straightforward (fast-xml-parser x2)      ${format(push.straightforward ?? 0).padStart(9)} ops/s`,
);
console.log(`  wechat-crypto + xml2js                    ${format(push.legacy ?? 0).padStart(9)} ops/s`);
console.log(`  straightforward / legacy: ${((push.straightforward ?? 0) / (push.legacy ?? 1)).toFixed(2)}x`);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const prepayBody = JSON.stringify({
  appid: 'wxd678efh567hg6787',
  mchid: '1900009191',
  description: 'Image形象店-深圳腾大-QQ公仔',
  out_trade_no: '1217752501201407033233368018',
  notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
  amount: { total: 100, currency: 'CNY' },
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
});
const signAuthorization = () =>
  buildAuthorization({
    mchid: '1900009191',
    serialNo: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
    privateKey,
    method: 'POST',
    pathWithQuery: '/v3/pay/transactions/jsapi',
    body: prepayBody,
  });
const signPayment = () =>
  buildRequestPaymentParams({
    appId: 'wxd678efh567hg6787',
    prepayId: 'wx26112221580621e9b071c00d9e093b0000',
    privateKey,
  });
opsPerSecond(signAuthorization, 200);
const authOps = opsPerSecond(signAuthorization, 1500);
const payOps = opsPerSecond(signPayment, 1500);
console.log('\nPay v3 RSA-SHA256 (2048-bit) signing, key parsed once');
console.log(
  `  Authorization header  ${(1e6 / authOps).toFixed(0).padStart(6)} µs  ${format(authOps).padStart(7)} ops/s`,
);
console.log(
  `  requestPayment paySign ${(1e6 / payOps).toFixed(0).padStart(5)} µs  ${format(payOps).padStart(7)} ops/s`,
);
console.log(
  `  per checkout (prepay Authorization + paySign) ${(1e6 / authOps + 1e6 / payOps).toFixed(0)} µs`,
);

console.log(
  `\nFIGURE: safe-mode push verify+decrypt+parse ${format(push.ours ?? 0)} ops/s vs wechat-crypto+xml2js ${format(push.legacy ?? 0)} ops/s = ${ratio.toFixed(2)}x (goal >= 3x); Pay RSA sign ${(1e6 / authOps).toFixed(0)} µs/request (${format(authOps)} ops/s)` +
    '\n  reproduce: pnpm --filter @checkout/wechat bench',
);
