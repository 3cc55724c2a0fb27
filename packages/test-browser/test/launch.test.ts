// Both sources really launch and render a page headless (each ~1-4 s); the npm one is what a laptop
// without a system Chromium gets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseChromium, launchChromium } from '../src/index.js';

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<title>收银台</title><p id="total">¥19.90</p>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

async function renderWith(env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(url);
      return { title: await page.title(), total: await page.locator('#total').textContent() };
    } finally {
      await browser.close();
    }
  } finally {
    process.env = saved;
  }
}

describe('launchChromium', () => {
  it('renders a page with the Chromium from npm', async () => {
    expect(await renderWith({ CHROMIUM_SOURCE: 'npm' })).toEqual({ title: '收银台', total: '¥19.90' });
  });

  it('renders a page with the system Chromium when the machine has one', async (context) => {
    const system = await chooseChromium({ CHROMIUM_SOURCE: 'auto' });
    if (system.source !== 'system')
      context.skip('this machine has no system Chromium (the npm one was covered above)');
    expect(await renderWith({ CHROMIUM_SOURCE: 'system' })).toEqual({ title: '收银台', total: '¥19.90' });
  });
});
