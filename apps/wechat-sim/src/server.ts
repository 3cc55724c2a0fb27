// Starts the emulator: keys from the data folder, listen, print the BFF settings, close on a signal.

import { buildSim } from './app.js';
import { loadOrCreateKeys, writeBffEnv } from './data-dir.js';

const port = Number(process.env.PORT ?? 4100);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = process.env.SIM_DATA_DIR ?? '.data/wechat-sim';
const timeScale = Number(process.env.SIM_TIME_SCALE ?? 1);
const templateApiSetting = process.env.SIM_TEMPLATE_API ?? 'on';

if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`PORT must be a TCP port, got ${process.env.PORT}`);
if (!Number.isFinite(timeScale) || timeScale <= 0)
  throw new Error('SIM_TIME_SCALE must be a positive number');

if (templateApiSetting !== 'on' && templateApiSetting !== 'off')
  throw new Error(`SIM_TEMPLATE_API must be on or off, got ${templateApiSetting}`);

const data = await loadOrCreateKeys(dataDir);
const app = await buildSim({
  ...data.keys,
  timeScale,
  templateApi: templateApiSetting === 'on',
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
});
await app.listen({ port, host });
const address = app.server.address();
const boundPort = typeof address === 'object' && address ? address.port : port;
const baseUrl =
  process.env.SIM_PUBLIC_URL ??
  `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${boundPort}`;
const written = await writeBffEnv(data, baseUrl);

process.stdout.write(
  [
    `WeChat emulator listening at ${baseUrl}`,
    `  keys: ${data.created ? 'generated' : 'reused'} in ${data.dir}`,
    `  BFF settings: ${written.path} (also GET ${baseUrl}/sim/config)`,
    `  service notices: ${baseUrl}/sim/inbox/page`,
    '',
  ].join('\n'),
);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'closing');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
