// The checkout on the weapp bundle itself (dist/weapp, as WeChat devtools open it): WeChat's wcc
// renders its pages, the headless runtime runs Taro's weapp build, and wx.* reaches the real BFF on
// PGlite and the WeChat emulator, which stands in for WeChat's servers, the cashier and the inbox.

import { resolve } from 'node:path';
import {
  compileWxml,
  launch,
  loadTemplates,
  type MiniProgram,
  type Templates,
} from '@checkout/weapp-harness';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWeappStack, type WeappStack } from './weapp-stack.js';

const ROOT = resolve(import.meta.dirname, '../../dist/weapp');
/** The BFF origin baked into the bundle at build time (TARO_APP_API_BASE's default). */
const BAKED_API_BASE = 'http://127.0.0.1:3000';
const PAID_TITLE = '订单支付成功通知';
const SHIPPED_TITLE = '订单发货通知';

let stack: WeappStack;
let templates: Templates;
let mp: MiniProgram | undefined;
let shoppers = 0;

type ShopperOptions = Omit<Parameters<typeof launch>[0]['shopper'], 'openid'>;

async function openCheckout(shopper: ShopperOptions = {}): Promise<MiniProgram> {
  shoppers += 1;
  mp = await launch({
    root: ROOT,
    emulator: stack.sim,
    shopper: { openid: `o-weapp-${Date.now()}-${shoppers}`, ...shopper },
    origins: { [BAKED_API_BASE]: stack.bff },
    templates,
  });
  // The first launch is cold (bundle load, login, catalog): on a loaded CI machine it took over 10 s.
  await mp.waitFor(() => mp!.queryAll('.cart-line').length > 0, 'the catalog', 30_000);
  return mp;
}

const textOf = (program: MiniProgram, selector: string) => program.query(selector)?.text.trim();

async function waitForResult(program: MiniProgram, title: string) {
  await program.waitFor(
    () => textOf(program, '.result-title') === title,
    `the result page to show ${title}`,
    15_000,
  );
  return textOf(program, '.result-sn')!;
}

async function noticesFor(openid: string, title: string, sn: string) {
  return (await stack.inbox(openid)).filter((m) => m.title === title && m.rows.some((r) => r.value === sn));
}

async function waitForNotice(openid: string, title: string, sn: string) {
  for (let i = 0; i < 150; i++) {
    const found = await noticesFor(openid, title, sn);
    if (found.length > 0) return found;
    await new Promise((settle) => setTimeout(settle, 100));
  }
  throw new Error(`no "${title}" for ${sn} in the inbox of ${openid}`);
}

beforeAll(async () => {
  templates = loadTemplates(compileWxml(ROOT));
  stack = await startWeappStack();
}, 60_000);

afterEach(() => {
  const program = mp;
  mp = undefined;
  program?.close();
  // A failure the bundle swallowed after the test's last wait still fails the test.
  program?.failures.assertNone();
});

afterAll(async () => {
  await stack?.close();
});

describe('the checkout on dist/weapp, against the real BFF and the WeChat emulator', () => {
  it('renders the catalog with ¥ prices from the BFF, and + changes the total', async () => {
    const program = await openCheckout();
    // Taro's recursive template component is loaded with the page, as WeChat loads it.
    expect(program.components).toEqual(['comp']);
    const prices = program.queryAll('.cart-line-price').map((n) => n.text);
    expect(prices.length).toBeGreaterThan(1);
    for (const price of prices) expect(price).toMatch(/^¥\d+\.\d{2}$/);
    const before = textOf(program, '.cart-total')!;
    expect(before).toMatch(/^合计：¥\d+\.\d{2}$/);

    const firstPrice = Math.round(Number(prices[0]!.slice(1)) * 100);
    await program.tap(program.queryAll('.qty-plus')[0]!);
    const fen = (total: string) => Math.round(Number(total.replace('合计：¥', '')) * 100);
    await program.waitFor(() => textOf(program, '.cart-total') !== before, 'the total to change');
    expect(fen(textOf(program, '.cart-total')!) - fen(before)).toBe(firstPrice);
    expect(program.queryAll('.cart-line-qty')[0]!.text).toBe('2');
  });

  it('pays from the submit: the order carries the formId, 支付成功, and exactly one notice on the template channel', async () => {
    const program = await openCheckout();
    const tapAt = Date.now();
    await program.tap('.pay-button');
    const sn = await waitForResult(program, '支付成功');
    expect(program.currentPage.route).toBe('pages/cart/results/index');
    expect(sn).toMatch(/^[A-Za-z0-9_-]{6,32}$/);

    // One cashier, opened after exactly the BFF round trips the flow needs.
    expect(program.state.payments).toHaveLength(1);
    const cashierAt = program.state.payments[0]!.openedAt;
    const beforeCashier = program.state.requests.filter((r) => r.at >= tapAt && r.at <= cashierAt);
    expect(beforeCashier.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['POST /orders']);

    const [formId] = program.state.formIds;
    const notices = await waitForNotice(program.shopper.openid, PAID_TITLE, sn);
    await new Promise((settle) => setTimeout(settle, 300));
    expect(await noticesFor(program.shopper.openid, PAID_TITLE, sn)).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      channel: 'template',
      form_id: formId,
      touser: program.shopper.openid,
    });
  });

  it('asks for subscriptions after paying; an accepted shipped template carries the shipped notice on the subscribe channel', async () => {
    const program = await openCheckout({ subscribe: () => 'accept' });
    await program.tap('.pay-button');
    const sn = await waitForResult(program, '支付成功');
    expect(program.state.subscribePrompts).toHaveLength(1);
    expect(Object.values(program.state.subscribePrompts[0]!.result)).toEqual(['accept', 'accept']);
    // WeChat Pay's notification usually beats the accept to the BFF, so the payment notice may take
    // either channel; whichever it took, there is one, and a template send spent the submit's formId.
    const paid = await waitForNotice(program.shopper.openid, PAID_TITLE, sn);
    expect(paid).toHaveLength(1);
    if (paid[0]!.channel === 'template') expect(paid[0]!.form_id).toBe(program.state.formIds[0]);

    const ship = await fetch(`${stack.bff}/admin/orders/${sn}/ship`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ carrier: '顺丰速运', trackingNo: 'SF1234567890' }),
    });
    expect(ship.status).toBe(200);
    const [shipped] = await waitForNotice(program.shopper.openid, SHIPPED_TITLE, sn);
    expect(shipped).toMatchObject({ channel: 'subscribe' });
    expect(shipped?.rows.some((r) => r.value === 'SF1234567890')).toBe(true);
  });

  it('ships with the prepay_id on the template channel when the shopper accepted nothing', async () => {
    const program = await openCheckout();
    await program.tap('.pay-button');
    const sn = await waitForResult(program, '支付成功');
    await waitForNotice(program.shopper.openid, PAID_TITLE, sn);
    const prepayId = String(program.state.payments[0]!.params.package).replace('prepay_id=', '');
    const ship = await fetch(`${stack.bff}/admin/orders/${sn}/ship`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ carrier: '顺丰速运', trackingNo: 'SF0000000001' }),
    });
    expect(ship.status).toBe(200);
    const [shipped] = await waitForNotice(program.shopper.openid, SHIPPED_TITLE, sn);
    expect(shipped).toMatchObject({ channel: 'template', form_id: prepayId });

    // The result page shows the amount the BFF charged; the orders page lists the order as shipped.
    await program.waitFor(() => /^¥\d+\.\d{2}$/.test(textOf(program, '.result-amount') ?? ''), 'the amount');
    await program.tap('.view-orders-button');
    await program.waitFor(
      () => textOf(program, '.order-status') === '已发货',
      'the order shown as shipped',
      15_000,
    );
    expect(textOf(program, '.order-sn')).toContain(sn);
  });

  it('a cancelled cashier shows 支付已取消; paying again from the orders page pays, with one notice', async () => {
    const program = await openCheckout({ cashier: ['cancel', 'success'] });
    await program.tap('.pay-button');
    const sn = await waitForResult(program, '支付已取消');
    expect(program.state.payments.map((p) => p.errMsg)).toEqual(['requestPayment:fail cancel']);

    await program.tap('.view-orders-button');
    await program.waitFor(() => program.currentPage.route === 'pages/orders/index', 'the orders page');
    const payButton = await program.waitFor(
      () => program.query('.order-pay-button'),
      'the unpaid order',
      15_000,
    );
    expect(program.query('.order-sn')?.text).toContain(sn);
    await program.tap(payButton);
    expect(await waitForResult(program, '支付成功')).toBe(sn);
    expect(program.state.payments.map((p) => p.errMsg)).toEqual([
      'requestPayment:fail cancel',
      'requestPayment:ok',
    ]);
    await waitForNotice(program.shopper.openid, PAID_TITLE, sn);
    await new Promise((settle) => setTimeout(settle, 300));
    expect(await noticesFor(program.shopper.openid, PAID_TITLE, sn)).toHaveLength(1);
  });

  it('devtools mode: the mock formId is dropped, the order still pays and the notice still goes out', async () => {
    const program = await openCheckout({ devtools: true });
    await program.tap('.pay-button');
    const sn = await waitForResult(program, '支付成功');
    expect(program.state.formIds).toEqual(['the formId is a mock one']);
    const [paid] = await waitForNotice(program.shopper.openid, PAID_TITLE, sn);
    // No formId reached the BFF: the template notice went out with the order's prepay_id.
    const prepayId = String(program.state.payments[0]!.params.package).replace('prepay_id=', '');
    expect(paid).toMatchObject({ channel: 'template', form_id: prepayId });
  });
});

// Last in the file: it stops the BFF for good.
describe('the checkout on dist/weapp with the BFF down', () => {
  it('shows a toast, opens no cashier, and the page stays usable', async () => {
    const program = await openCheckout();
    await stack.stopBff();
    await program.tap('.pay-button');
    await program.waitFor(() => program.state.toasts.length > 0, 'a toast');
    expect(program.state.toasts.map((t) => t.title)).toEqual(['网络异常，请检查网络后重试']);
    expect(program.state.payments).toHaveLength(0);
    expect(program.state.loading).toBeUndefined();
    expect(program.currentPage.route).toBe('pages/cart/payment/index');
    const before = textOf(program, '.cart-total');
    await program.waitFor(() => program.query('.qty-plus')?.attr('disabled') !== true, 'the steppers');
    await program.tap(program.queryAll('.qty-plus')[0]!);
    await program.waitFor(() => textOf(program, '.cart-total') !== before, 'the total to change');
  });
});
