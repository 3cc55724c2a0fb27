// The merchant console in real Chromium against the real BFF and the WeChat emulator: a coupon
// redemption pushed by the emulator shows up in the table and in the trigger's logs, and an order
// paid through the emulator is shipped from the console and the shopper receives the notice.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  AdminCardRedemptionsReply,
  AdminOrdersReply,
  CatalogReply,
  CreateOrderReply,
  LoginReply,
  TriggersReply,
} from '@checkout/shared';
import { launchChromium } from '@checkout/test-browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, eventually, type Stack, startStack } from './stack.js';

const ARTIFACTS = process.env.ARTIFACTS_DIR ?? fileURLToPath(new URL('../artifacts/', import.meta.url));
const SHOPPER = 'oConsoleE2eShopper000000001';

describe('merchant console end to end', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
  });
  const cspViolations: string[] = [];

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('asks for the admin token and lands on the orders screen', async () => {
    await page.goto(`${stack.bffBase}/console`);
    expect(page.url()).toBe(`${stack.bffBase}/console/`);
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await shot('01-token-prompt');
    await page.getByTestId('token-submit').click();
    await page.getByTestId('orders-screen').waitFor();
    await expect(page.getByTestId('empty').textContent()).resolves.toBe('没有符合条件的订单');
  });

  it('a user_consume_card pushed by the emulator appears in 核销记录 and in the trigger logs', async () => {
    const code = '880012345678';
    const pushed = await call<{ delivered: boolean }>(stack.simBase, 'POST', '/sim/push/card-event', {
      url: `${stack.bffBase}/wx/push/${stack.officialAccountAppid}`,
      event: 'user_consume_card',
      openid: SHOPPER,
      card_id: 'pConsoleE2eCard000000000001',
      user_card_code: code,
      location_name: '南京西路店',
      remark_amount: '1200',
    });
    expect(pushed.delivered).toBe(true);

    // The redemption is recorded by the trigger after the webhook has answered: wait for it first.
    await eventually(async () => {
      const reply = await call<AdminCardRedemptionsReply>(
        stack.bffBase,
        'GET',
        `/admin/card-redemptions?code=${code}`,
        undefined,
        ADMIN_TOKEN,
      );
      return reply.total === 1 ? true : undefined;
    }, 'the redemption record');

    const adminCalls: URL[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/admin/card-redemptions')) adminCalls.push(url);
    });
    await page.getByTestId('nav-redemptions').click();
    const row = page.locator('[data-testid^="redemption-row-"]', { hasText: code });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('南京西路店');
    await expect(page.locator('[data-testid="day-bar"]').last().getAttribute('data-count')).resolves.toBe(
      '1',
    );
    // The chart is the BFF's per-day count in Beijing time, not list pages counted in the browser.
    const daily = adminCalls.filter((url) => url.pathname === '/admin/card-redemptions/daily');
    expect(daily).toHaveLength(1);
    expect(daily[0]?.searchParams.get('timeZone')).toBe('Asia/Shanghai');
    expect(adminCalls.filter((url) => url.searchParams.get('limit') === '200')).toEqual([]);
    await expect(page.getByTestId('redemptions-screen').textContent()).resolves.toContain(
      '近 30 天每日核销（北京时间） 共 1 次',
    );
    await shot('02-card-redemptions');

    // Filters live in the URL: the same link opened again shows the same view.
    await page.getByTestId('filter-code').fill('no-such-code');
    await page.getByTestId('empty').waitFor();
    await page.getByTestId('filter-code').fill(code);
    await row.waitFor();
    const link = page.url();
    expect(new URL(link).hash).toBe(`#/redemptions?code=${code}`);
    await page.goto(`${stack.bffBase}/console/#/orders`);
    await page.getByTestId('orders-screen').waitFor();
    await page.goto(link);
    await row.waitFor();
    await expect(page.getByTestId('filter-code').inputValue()).resolves.toBe(code);

    const { triggers } = await call<TriggersReply>(
      stack.bffBase,
      'GET',
      '/admin/triggers',
      undefined,
      ADMIN_TOKEN,
    );
    const recorder = triggers.find((t) => t.action.type === 'record-card-redemption');
    expect(recorder).toBeDefined();
    await page.getByTestId('nav-triggers').click();
    await page.getByTestId(`trigger-row-${recorder!.id}`).waitFor();
    await shot('03-triggers');
    await page.getByTestId(`trigger-logs-${recorder!.id}`).click();
    await page.getByTestId('trigger-logs-table').waitFor();
    const log = page.locator('[data-testid^="trigger-log-row-"]').first();
    await expect(log.textContent()).resolves.toContain('成功');
    await page.getByTestId('filter-log-status').selectOption('failed');
    await page.getByTestId('empty').waitFor();
    await page.getByTestId('filter-log-status').selectOption('succeeded');
    await page.getByTestId('trigger-logs-table').waitFor();
    await shot('04-trigger-logs');

    // Back and forward walk through the filter changes.
    await page.goBack();
    await page.getByTestId('empty').waitFor();
    await expect(page.getByTestId('filter-log-status').inputValue()).resolves.toBe('failed');
    await page.goForward();
    await page.getByTestId('trigger-logs-table').waitFor();
    await expect(page.getByTestId('filter-log-status').inputValue()).resolves.toBe('succeeded');
    expect(new URL(page.url()).hash).toBe(`#/triggers/${recorder!.id}/logs?status=succeeded`);
  });

  it('ships a paid order from the console and the shopper receives the shipped notice', async () => {
    const { code } = await call<{ code: string }>(stack.simBase, 'POST', '/sim/login-codes', {
      openid: SHOPPER,
    });
    const { token } = await call<LoginReply>(stack.bffBase, 'POST', '/auth/login', { code });
    const { items } = await call<CatalogReply>(stack.bffBase, 'GET', '/catalog');
    const sku = items[0]?.sku;
    expect(sku).toBeDefined();
    const created = await call<CreateOrderReply>(
      stack.bffBase,
      'POST',
      '/orders',
      { items: [{ sku, quantity: 1 }] },
      token,
    );
    const { sn } = created.order;
    await call(stack.simBase, 'POST', '/sim/pay/confirm', created.payment);
    await eventually(async () => {
      const reply = await call<AdminOrdersReply>(
        stack.bffBase,
        'GET',
        '/admin/orders?status=paid',
        undefined,
        ADMIN_TOKEN,
      );
      return reply.orders.some((o) => o.sn === sn) ? true : undefined;
    }, 'the payment notification to mark the order paid');

    await page.getByTestId('nav-orders').click();
    await page.getByTestId(`ship-${sn}`).click();
    await page.getByTestId('ship-carrier').fill('顺丰速运');
    await page.getByTestId('ship-tracking').fill('SF1234567890');
    await page.getByTestId('ship-submit').click();
    const result = page.getByTestId('ship-result');
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain(`订单 ${sn} 已标记发货（顺丰速运 SF1234567890）`);
    await expect(result.textContent()).resolves.toContain('发货通知：已发送');
    await expect(
      page.getByTestId(`order-row-${sn}`).getByTestId('order-status').textContent(),
    ).resolves.toContain('已发货');
    await shot('05-order-shipped');

    const inbox = await call<{ templateId?: string; data?: unknown; page?: string }[]>(
      stack.simBase,
      'GET',
      `/sim/inbox?openid=${SHOPPER}`,
    );
    const shipped = inbox.filter((message) => JSON.stringify(message).includes('SF1234567890'));
    expect(shipped).toHaveLength(1);
    expect(JSON.stringify(shipped[0])).toContain(sn);

    await page.getByTestId('nav-notices').click();
    await page.getByTestId('notices-table').waitFor();
    await expect(page.getByTestId('notices-table').textContent()).resolves.toContain('发货通知');
    await shot('06-notices');

    await page.getByTestId('nav-events').click();
    await page.locator('[data-testid^="event-raw-toggle-"]').first().click();
    await expect(page.locator('pre.raw').textContent()).resolves.toContain('user_consume_card');
    await shot('07-events');

    await page.goto(`${stack.simBase}/sim/inbox/page?openid=${SHOPPER}`);
    await shot('08-shopper-inbox');
  });

  it('a refused token sends the merchant back to the prompt', async () => {
    await page.goto(`${stack.bffBase}/console/#/orders`);
    await page.evaluate(() => sessionStorage.setItem('checkout.console.adminToken', 'not-the-admin-token'));
    await page.reload();
    await expect(page.getByTestId('token-reason').textContent()).resolves.toContain('ADMIN_TOKEN');
  });

  it('the console and /docs run under the BFF Content-Security-Policy without a violation', async () => {
    await page.goto(`${stack.bffBase}/docs/`);
    await page.locator('.swagger-ui .info .title').waitFor();
    expect(cspViolations).toEqual([]);
  });
});
