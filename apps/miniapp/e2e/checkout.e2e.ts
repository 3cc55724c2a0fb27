// The checkout in real Chromium against the real BFF, emulator and database (the demo stack):
// login, pay, result page, payment-success notice in the emulator's inbox, shipped notice, orders page;
// then cancel and pay again. Screenshots of each page go to apps/miniapp/artifacts/.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium } from '@checkout/test-browser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStack, startDemoStack } from './demo-stack.js';

const ARTIFACTS = resolve(import.meta.dirname, '..', process.env.ARTIFACTS_DIR ?? 'artifacts');
const OPENID_KEY = 'checkout.demo.openid';

interface InboxMessage {
  channel: string;
  touser: string;
  title: string;
  rows: { label: string; value: string }[];
}

let stack: DemoStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function inbox(openid: string): Promise<InboxMessage[]> {
  const res = await fetch(`${stack.sim}/sim/inbox?openid=${encodeURIComponent(openid)}`);
  return (await res.json()) as InboxMessage[];
}

async function waitForInbox(openid: string, title: string, sn: string): Promise<InboxMessage> {
  for (let i = 0; i < 100; i++) {
    const found = (await inbox(openid)).find((m) => m.title === title && m.rows.some((r) => r.value === sn));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no "${title}" for ${sn} in the inbox of ${openid}`);
}

async function openCheckout(): Promise<void> {
  await page.goto(`${stack.h5}/#/pages/cart/payment/index`);
  await page.locator('.cart-line').first().waitFor({ timeout: 30_000 });
  await page.locator('.pay-button').waitFor();
}

async function payFromCheckout(outcome: 'confirm' | 'cancel'): Promise<void> {
  await page.locator('.pay-button').tap();
  await page.locator(`.sim-cashier-${outcome}`).waitFor({ timeout: 15_000 });
  await shot(outcome === 'confirm' ? '2-cashier' : '5-cashier-before-cancel');
  await page.locator(`.sim-cashier-${outcome}`).tap();
}

describe('checkout in Chromium against the demo stack', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startDemoStack();
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
      locale: 'zh-CN',
    });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('pays, shows success, delivers the payment-success and shipped notices, and lists the order as shipped', async () => {
    await openCheckout();
    await shot('1-checkout');
    const total = (await page.locator('.cart-total').innerText()).trim();
    expect(total).toMatch(/¥\d+\.\d{2}/);

    await payFromCheckout('confirm');
    await expect.poll(() => page.locator('.result-title').innerText(), { timeout: 30_000 }).toBe('支付成功');
    const sn = (await page.locator('.result-sn').innerText()).trim();
    expect(sn).toMatch(/^[A-Za-z0-9_-]{6,32}$/);
    // The amount is read back from the BFF's order; a placeholder shows until it arrives.
    const charged = total.match(/¥\d+\.\d{2}/)?.[0];
    await expect.poll(() => page.locator('.result-amount').innerText(), { timeout: 15_000 }).toBe(charged);
    const amount = charged!;
    await shot('3-result-success');

    const openid = await page.evaluate((key) => localStorage.getItem(key), OPENID_KEY);
    expect(openid).toBeTruthy();
    const paid = await waitForInbox(openid!, '订单支付成功通知', sn);
    expect(paid.rows.map((r) => r.value).join(' ')).toContain(amount.replace('¥', ''));

    const ship = await fetch(`${stack.bff}/admin/orders/${sn}/ship`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ carrier: '顺丰速运', trackingNo: 'SF1234567890' }),
    });
    expect(ship.status).toBe(200);
    const shipped = await waitForInbox(openid!, '订单发货通知', sn);
    expect(shipped.rows.some((r) => r.value === 'SF1234567890')).toBe(true);

    await page.goto(`${stack.h5}/#/pages/orders/index`);
    const row = page.locator(`.order-item[data-sn="${sn}"]`);
    await expect.poll(() => row.locator('.order-status').innerText(), { timeout: 30_000 }).toBe('已发货');
    await shot('4-orders-shipped');
  });

  it('a cancelled payment shows "cancelled" and paying again succeeds', async () => {
    await openCheckout();
    await payFromCheckout('cancel');
    await expect
      .poll(() => page.locator('.result-title').innerText(), { timeout: 30_000 })
      .toBe('支付已取消');
    const sn = (await page.locator('.result-sn').innerText()).trim();
    await shot('6-result-cancelled');

    await page.locator('.repay-button').tap();
    await page.locator('.sim-cashier-confirm').waitFor({ timeout: 15_000 });
    await page.locator('.sim-cashier-confirm').tap();
    await expect.poll(() => page.locator('.result-title').innerText(), { timeout: 30_000 }).toBe('支付成功');
    expect((await page.locator('.result-sn').innerText()).trim()).toBe(sn);
    await shot('7-result-repaid');

    const order = await fetch(`${stack.bff}/admin/orders?limit=200`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    }).then((r) => r.json() as Promise<{ orders: { sn: string; status: string }[] }>);
    expect(order.orders.find((o) => o.sn === sn)?.status).toBe('paid');
  });
});
