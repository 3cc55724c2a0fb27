// Headless Chromium for the browser tests. A machine's own Chromium wins (CI installs Debian's);
// without one, the binary inside the npm package @sparticuz/chromium is used, so a laptop with only
// Node and npm runs the browser tests too: no browser CDN download, no root.

import { existsSync } from 'node:fs';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';

export type ChromiumSource = 'system' | 'npm';

export interface ChromiumChoice {
  source: ChromiumSource;
  executablePath: string;
  args: string[];
}

/** Where Debian, Ubuntu and Chrome's own packages put the binary. */
export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Without the background-networking flags Chromium keeps dialling Google, which a closed network refuses. */
export const HEADLESS_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

type Env = Record<string, string | undefined>;

/** The system Chromium to use: `CHROMIUM_PATH` when set (it must exist), else the first known path that does. */
export function findSystemChromium(
  env: Env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!exists(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  return SYSTEM_CHROMIUM_PATHS.find(exists);
}

/** `CHROMIUM_SOURCE`: `auto` (default: system, else npm), `system` or `npm`. */
export function chromiumSource(env: Env): 'auto' | ChromiumSource {
  const value = env.CHROMIUM_SOURCE ?? 'auto';
  if (value === 'auto' || value === 'system' || value === 'npm') return value;
  throw new Error(`CHROMIUM_SOURCE must be auto, system or npm (got "${value}")`);
}

export async function chooseChromium(
  env: Env = process.env,
  exists: (path: string) => boolean = existsSync,
): Promise<ChromiumChoice> {
  const source = chromiumSource(env);
  if (source !== 'npm') {
    const path = findSystemChromium(env, exists);
    if (path) return { source: 'system', executablePath: path, args: HEADLESS_FLAGS };
    if (source === 'system') {
      throw new Error(
        `CHROMIUM_SOURCE=system but no Chromium at ${SYSTEM_CHROMIUM_PATHS.join(', ')} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
      );
    }
  }
  return npmChromium();
}

async function npmChromium(): Promise<ChromiumChoice> {
  const { default: packaged } = await import('@sparticuz/chromium');
  // Unpacks the bundled binary into the temp folder the first time (a few seconds), then reuses it.
  const executablePath = await packaged.executablePath();
  const args = [...new Set([...packaged.args, ...HEADLESS_FLAGS])];
  return { source: 'npm', executablePath, args };
}

/** Launches headless Chromium for a test; says once on stderr which binary it took. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const choice = await chooseChromium();
  if (!announced) {
    announced = true;
    process.stderr.write(`[test-browser] Chromium from ${choice.source}: ${choice.executablePath}\n`);
  }
  return chromium.launch({
    ...options,
    executablePath: choice.executablePath,
    args: [...choice.args, ...(options.args ?? [])],
  });
}

let announced = false;
