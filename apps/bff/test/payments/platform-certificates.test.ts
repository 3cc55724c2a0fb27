// Certificate mode against the emulator: the BFF downloads the platform certificates, shares them in the
// database, and when WeChat Pay rotates its certificate a notification signed with the new serial is
// verified (one more download), never refused; a serial nobody lists is still refused.

import { generateKeyPairSync } from 'node:crypto';
import { createCertificateKeyring } from '@checkout/wechat';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbCertificateStore } from '../../src/payments/db-certificate-store.js';
import { DATABASES } from '../helper.js';
import { signedNotification } from '../support/pay-notification.js';
import { type Emulator, openShop, type Shop, startEmulator } from '../support/shop.js';

const INITIAL_SERIAL = '6B3F0A6C2D8E4F10A1B2C3D4E5F60718293A4B5C';

let emulator: Emulator;
beforeAll(async () => {
  const platformKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  emulator = await startEmulator({
    // A busy machine can take longer than the default 200 ms to verify and answer; a retry is not the point.
    notifyTimeoutMs: 5000,
    platform: {
      serial: INITIAL_SERIAL,
      privateKey: platformKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
  });
});
afterAll(() => emulator.close());

const certificateDownloads = async () =>
  (await emulator.get<{ calls: Record<string, number> }>('/sim/stats')).calls.pay_certificates ?? 0;

interface NotifyAttempt {
  out_trade_no: string;
  status: number;
}

describe.each(DATABASES)('platform-certificate mode on %s', (flavour) => {
  let shop: Shop;
  beforeAll(async () => {
    // Each database starts from the emulator's first certificate.
    await emulator.post('/sim/reset', {});
    shop = await openShop(emulator, flavour);
  });
  afterAll(() => shop.close());

  it('runs without a configured platform key', () => {
    expect(emulator.env.WECHATPAY_PLATFORM_MODE).toBe('certificates');
    expect(emulator.env.WECHATPAY_PLATFORM_PUBLIC_KEY).toBeUndefined();
  });

  it('verifies a notification signed by a rotated certificate, and refuses a serial nobody lists', async () => {
    const shopper = await shop.login();
    const downloadsBefore = await certificateDownloads();
    const { order, payment } = await shop.order(shopper);
    // The prepay answer was verified with the downloaded certificate; the set is in the database.
    const stored = await sql<{ serials: string[] }>`SELECT array(
        SELECT jsonb_array_elements(certificates)->>'serial') AS serials
      FROM wechatpay_certificates WHERE mchid = ${emulator.env.WECHATPAY_MCHID}`.execute(shop.app.db);
    expect(stored.rows[0]?.serials).toEqual([INITIAL_SERIAL]);

    const rotated = await emulator.post<{ signingSerial: string }>('/sim/pay/platform/rotate', {
      overlapSeconds: 3600,
    });
    // As if the last download were over a minute old (the refresh limit), for this instance and any other.
    await sql`UPDATE wechatpay_certificates SET fetched_at = fetched_at - interval '61 seconds'`.execute(
      shop.app.db,
    );
    expect((await shop.pay(payment)).errMsg).toBe('requestPayment:ok');
    await shop.waitForStatus(shopper, order.sn, 'paid');

    const attempts = (await emulator.get<NotifyAttempt[]>('/sim/pay/notifications')).filter(
      (a) => a.out_trade_no === order.sn,
    );
    expect(attempts.map((a) => a.status)).not.toContain(401);
    expect(attempts.at(-1)?.status).toBe(204);
    // The first download at the prepay, one more for the new serial.
    expect((await certificateDownloads()) - downloadsBefore).toBe(2);
    const platform = await emulator.get<{ certificates: { serial_no: string }[] }>('/sim/pay/platform');
    expect(platform.certificates.map((c) => c.serial_no)).toEqual([INITIAL_SERIAL, rotated.signingSerial]);

    // The old certificate is still listed: a notification it signs is still good (a duplicate here).
    const queried = await shop.app.pay.queryOrder(order.sn);
    const transaction = {
      appid: shop.appid,
      mchid: emulator.env.WECHATPAY_MCHID,
      out_trade_no: order.sn,
      transaction_id: queried.transaction_id!,
      trade_state: 'SUCCESS',
      success_time: queried.success_time!,
      payer: { openid: shopper.openid },
      amount: { total: order.totalFen, payer_total: order.totalFen, currency: 'CNY' },
    };
    const byOld = signedNotification(emulator, transaction);
    expect(byOld.headers['wechatpay-serial']).toBe(INITIAL_SERIAL);
    const old = await shop.app.inject({
      method: 'POST',
      url: '/pay/notify',
      headers: byOld.headers,
      payload: byOld.body,
    });
    expect(old.statusCode).toBe(204);

    // A serial nobody lists: refused, and no download within the minute.
    const downloads = await certificateDownloads();
    const unknown = signedNotification(emulator, transaction, {
      serial: '1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D',
    });
    const refused = await shop.app.inject({
      method: 'POST',
      url: '/pay/notify',
      headers: unknown.headers,
      payload: unknown.body,
    });
    expect(refused.statusCode).toBe(401);
    expect(await certificateDownloads()).toBe(downloads);
  });

  it('shares one download between instances that see a new serial together', async () => {
    const { env } = emulator;
    // What each BFF instance builds in certificate mode: its own keyring, the one database.
    const instance = () =>
      createCertificateKeyring({
        mchid: env.WECHATPAY_MCHID,
        serialNo: env.WECHATPAY_SERIAL,
        privateKey: env.WECHATPAY_PRIVATE_KEY!,
        apiV3Key: env.WECHATPAY_APIV3_KEY,
        apiBase: emulator.url,
        store: new DbCertificateStore(shop.app.db),
      });
    const rotated = await emulator.post<{ signingSerial: string }>('/sim/pay/platform/rotate', {});
    await sql`UPDATE wechatpay_certificates SET fetched_at = fetched_at - interval '61 seconds'`.execute(
      shop.app.db,
    );
    const before = await certificateDownloads();
    const keys = await Promise.all(
      [instance(), instance(), instance()].map((k) => k.keyFor(rotated.signingSerial)),
    );
    expect(keys.every((key) => key !== undefined)).toBe(true);
    expect((await certificateDownloads()) - before).toBe(1);
    // A fourth instance started later finds the set in the database without asking WeChat Pay.
    expect(await instance().keyFor(rotated.signingSerial)).toBeDefined();
    expect((await certificateDownloads()) - before).toBe(1);
  });
});
