// Platform-certificate mode, checked with node:crypto alone: the certificates answer, its decryption,
// and a rotation after which answers and notifications carry the new serial while the old one is listed.

import { createPublicKey, createVerify, X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decryptAesGcm,
  newUser,
  orderBody,
  paymentParams,
  prepay,
  type RunningSim,
  startReceiver,
  startSim,
  testKeys,
  waitFor,
} from './helpers.js';
import { type PayAnswer, payCall } from './pay-helpers.js';

let sim: RunningSim;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await sim?.close();
  await receiver?.close();
  receiver = undefined;
});

const INITIAL_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';

const startCertificateSim = () =>
  startSim({ platform: { serial: INITIAL_SERIAL, privateKey: testKeys().platform.privateKey } });

interface ListedCertificate {
  serial_no: string;
  effective_time: string;
  expire_time: string;
  encrypt_certificate: { algorithm: string; nonce: string; associated_data: string; ciphertext: string };
}

async function listCertificates(): Promise<{ answer: PayAnswer; certificates: ListedCertificate[] }> {
  const answer = await payCall(sim, 'GET', '/v3/certificates');
  expect(answer.status).toBe(200);
  return { answer, certificates: answer.json.data as ListedCertificate[] };
}

function openCertificate(listed: ListedCertificate): X509Certificate {
  expect(listed.encrypt_certificate).toMatchObject({
    algorithm: 'AEAD_AES_256_GCM',
    associated_data: 'certificate',
  });
  return new X509Certificate(decryptAesGcm(sim.keys.apiV3Key, listed.encrypt_certificate));
}

function signedBy(
  headers: Headers | Record<string, unknown>,
  body: string,
  certificate: X509Certificate,
): boolean {
  const get = (name: string) =>
    headers instanceof Headers ? headers.get(name) : (headers[name] as string | undefined);
  if (get('wechatpay-serial') !== certificate.serialNumber) return false;
  return createVerify('RSA-SHA256')
    .update(`${get('wechatpay-timestamp')}\n${get('wechatpay-nonce')}\n${body}\n`)
    .verify(certificate.publicKey, String(get('wechatpay-signature')), 'base64');
}

describe('GET /v3/certificates (certificate mode)', () => {
  it('lists the platform certificate, encrypted with the APIv3 key, in an answer it signs', async () => {
    sim = await startCertificateSim();
    const { answer, certificates } = await listCertificates();
    expect(certificates).toHaveLength(1);
    const [listed] = certificates;
    expect(listed!.serial_no).toBe(INITIAL_SERIAL);
    expect(listed!.effective_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    const certificate = openCertificate(listed!);
    expect(certificate.serialNumber).toBe(INITIAL_SERIAL);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.publicKey.export({ type: 'spki', format: 'pem' })).toBe(
      createPublicKey(sim.keys.platform.privateKey).export({ type: 'spki', format: 'pem' }),
    );
    expect(Date.parse(listed!.effective_time)).toBeLessThan(Date.now());
    expect(Date.parse(listed!.expire_time)).toBeGreaterThan(Date.now() + 4 * 365 * 86_400_000);
    expect(signedBy(answer.headers, answer.text, certificate)).toBe(true);
  });

  it('asks for the merchant signature like every Pay route', async () => {
    sim = await startCertificateSim();
    const unsigned = await fetch(`${sim.base}/v3/certificates`);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'SIGN_ERROR' });
  });

  it('rotates through /sim: the new serial signs answers and notifications while the old one stays listed', async () => {
    sim = await startCertificateSim();
    const before = await listCertificates();
    const old = openCertificate(before.certificates[0]!);

    const rotated = await sim.post<{ signingSerial: string; certificates: { serial_no: string }[] }>(
      '/sim/pay/platform/rotate',
      { overlapSeconds: 3600 },
    );
    expect(rotated.signingSerial).not.toBe(INITIAL_SERIAL);
    expect(rotated.signingSerial).toMatch(/^[0-9A-F]{40}$/);
    expect(rotated.certificates.map((c) => c.serial_no)).toEqual([INITIAL_SERIAL, rotated.signingSerial]);

    const after = await listCertificates();
    const [stillListed, fresh] = after.certificates;
    expect(stillListed!.serial_no).toBe(INITIAL_SERIAL);
    expect(Math.abs(Date.parse(stillListed!.expire_time) - (Date.now() + 3600_000))).toBeLessThan(5000);
    const next = openCertificate(fresh!);
    expect(next.serialNumber).toBe(rotated.signingSerial);
    expect(signedBy(after.answer.headers, after.answer.text, next)).toBe(true);
    expect(signedBy(after.answer.headers, after.answer.text, old)).toBe(false);

    receiver = await startReceiver(async () => ({ status: 204 }));
    const openid = await newUser(sim);
    const body = orderBody(sim, openid, { notify_url: `${receiver.url}/pay/notify` });
    const prepaid = await prepay(sim, body);
    const prepaidText = await prepaid.text();
    expect(signedBy(prepaid.headers, prepaidText, next)).toBe(true);
    const { prepay_id } = JSON.parse(prepaidText) as { prepay_id: string };
    const paid = await sim.post<{ errMsg: string }>(
      '/sim/pay/confirm',
      paymentParams(sim.keys, sim.appid, prepay_id),
    );
    expect(paid.errMsg).toBe('requestPayment:ok');
    await waitFor(() => receiver!.received.length === 1);
    const notification = receiver.received[0]!;
    expect(notification.headers['wechatpay-serial']).toBe(rotated.signingSerial);
    expect(signedBy(notification.headers, notification.body, next)).toBe(true);
  });

  it('drops the old certificate from the list once the overlap is over; /sim/reset brings the first back', async () => {
    sim = await startCertificateSim();
    const rotated = await sim.post<{ signingSerial: string }>('/sim/pay/platform/rotate', {
      overlapSeconds: 0,
    });
    const { certificates } = await listCertificates();
    expect(certificates.map((c) => c.serial_no)).toEqual([rotated.signingSerial]);

    await sim.post('/sim/reset');
    const platform = await sim.get<{ signingSerial: string; certificates: { serial_no: string }[] }>(
      '/sim/pay/platform',
    );
    expect(platform.signingSerial).toBe(INITIAL_SERIAL);
    expect(platform.certificates.map((c) => c.serial_no)).toEqual([INITIAL_SERIAL]);
  });
});

describe('public-key mode', () => {
  it('has no certificate to list or rotate', async () => {
    sim = await startSim();
    const answer = await payCall(sim, 'GET', '/v3/certificates');
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ code: 'RESOURCE_NOT_EXISTS' });
    const rotate = await sim.postRaw('/sim/pay/platform/rotate', {});
    expect(rotate.status).toBe(409);
    expect(await sim.get('/sim/pay/platform')).toMatchObject({
      mode: 'public-key',
      signingSerial: sim.keys.platform.serial,
      certificates: [],
    });
  });
});
