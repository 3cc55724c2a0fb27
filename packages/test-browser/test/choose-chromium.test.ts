import { describe, expect, it } from 'vitest';
import { chooseChromium, findSystemChromium, HEADLESS_FLAGS } from '../src/index.js';

const only =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('which Chromium the browser tests use', () => {
  it('takes CHROMIUM_PATH when it exists', () => {
    expect(
      findSystemChromium({ CHROMIUM_PATH: '/opt/c/chrome' }, only('/opt/c/chrome', '/usr/bin/chromium')),
    ).toBe('/opt/c/chrome');
  });

  it('refuses a CHROMIUM_PATH that does not exist, naming it', () => {
    expect(() => findSystemChromium({ CHROMIUM_PATH: '/nope/chrome' }, only('/usr/bin/chromium'))).toThrow(
      'CHROMIUM_PATH=/nope/chrome does not exist',
    );
  });

  it("prefers Debian's chromium to other system paths", () => {
    expect(findSystemChromium({}, only('/usr/bin/google-chrome', '/usr/bin/chromium'))).toBe(
      '/usr/bin/chromium',
    );
  });

  it('finds none on a machine without a system browser', () => {
    expect(findSystemChromium({}, only())).toBeUndefined();
  });

  it('uses the system binary with the headless flags in auto mode', async () => {
    const choice = await chooseChromium({}, only('/usr/bin/chromium'));
    expect(choice).toEqual({ source: 'system', executablePath: '/usr/bin/chromium', args: HEADLESS_FLAGS });
  });

  it('says what to install when CHROMIUM_SOURCE=system finds nothing', async () => {
    await expect(chooseChromium({ CHROMIUM_SOURCE: 'system' }, only())).rejects.toThrow(
      /apt-get install -y chromium/,
    );
  });

  it('rejects an unknown CHROMIUM_SOURCE, naming the value', async () => {
    await expect(chooseChromium({ CHROMIUM_SOURCE: 'cdn' }, only())).rejects.toThrow(
      'CHROMIUM_SOURCE must be auto, system or npm (got "cdn")',
    );
  });

  it('falls back to the binary inside the npm package when the machine has none', async () => {
    const choice = await chooseChromium({}, only());
    expect(choice.source).toBe('npm');
    expect(choice.executablePath).toMatch(/chromium/);
    expect(choice.args).toEqual(expect.arrayContaining(HEADLESS_FLAGS));
  });
});
