import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simEnv } from '../src/app.js';
import { loadOrCreateKeys, writeBffEnv } from '../src/data-dir.js';
import { newEncodingAESKey } from '../src/keys.js';
import { testKeys } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wechat-sim-'));
  dirs.push(dir);
  return join(dir, 'nested', 'data');
};

const BFF_VARIABLES = [
  'WECHAT_API_BASE',
  'WECHATPAY_API_BASE',
  'WECHAT_APPID',
  'WECHAT_SECRET',
  'WECHATPAY_MCHID',
  'WECHATPAY_SERIAL',
  'WECHATPAY_PRIVATE_KEY',
  'WECHATPAY_APIV3_KEY',
  'WECHATPAY_PLATFORM_PUBLIC_KEY',
  'WECHATPAY_PLATFORM_SERIAL',
  'WECHAT_PUSH_TOKEN',
  'WECHAT_PUSH_AES_KEY',
  'WECHAT_PUSH_APPS',
  'NOTICE_PAY_SUCCESS_TEMPLATE_ID',
  'NOTICE_SHIPPED_TEMPLATE_ID',
  'NOTICE_PAY_SUCCESS_SUBSCRIBE_ID',
  'NOTICE_SHIPPED_SUBSCRIBE_ID',
];

describe('data folder', () => {
  it('generates keys on first start and reuses them afterwards', async () => {
    const dir = tempDir();
    const first = await loadOrCreateKeys(dir);
    const second = await loadOrCreateKeys(dir);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.keys).toEqual(first.keys);
    expect(statSync(join(dir, 'keys.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.files.merchantPrivateKey, 'utf8')).toBe(first.keys.merchant.privateKey);
  });

  it('writes bff.env with every variable the BFF needs, keys as file paths', async () => {
    const data = await loadOrCreateKeys(tempDir());
    const { path } = await writeBffEnv(data, 'http://127.0.0.1:4100/');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const env = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(Object.keys(env).sort()).toEqual([...BFF_VARIABLES].sort());
    expect(env.WECHAT_API_BASE).toBe('http://127.0.0.1:4100');
    expect(existsSync(env.WECHATPAY_PRIVATE_KEY!)).toBe(true);
    expect(readFileSync(env.WECHATPAY_PLATFORM_PUBLIC_KEY!, 'utf8')).toContain('BEGIN PUBLIC KEY');
    expect(env.WECHATPAY_PLATFORM_SERIAL).toMatch(/^PUB_KEY_ID_/);
  });

  it("lists the Official Account's push settings in WECHAT_PUSH_APPS, and adds one to an older keys file", async () => {
    const dir = tempDir();
    const first = await loadOrCreateKeys(dir);
    const { officialAccount: _oa, ...older } = first.keys;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'keys.json'), JSON.stringify(older));
    const upgraded = await loadOrCreateKeys(dir);
    const oa = upgraded.keys.officialAccount!;
    expect(oa.appid).not.toBe(upgraded.keys.apps[0]!.appid);
    expect(upgraded.keys.merchant).toEqual(first.keys.merchant);
    const { env } = await writeBffEnv(upgraded, 'http://127.0.0.1:4100');
    expect(JSON.parse(env.WECHAT_PUSH_APPS!)).toEqual([{ appid: oa.appid, ...upgraded.keys.push[oa.appid] }]);
    expect((await loadOrCreateKeys(dir)).keys).toEqual(upgraded.keys);
  });

  it('refuses a keys file that is not one', async () => {
    const dir = tempDir();
    await loadOrCreateKeys(dir);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'keys.json'), '{"apps":[]}');
    await expect(loadOrCreateKeys(dir)).rejects.toThrow(/not a wechat-sim keys file/);
  });
});

describe('simEnv', () => {
  it('gives in-process callers the same variables with PEMs inline', () => {
    const keys = testKeys();
    const env = simEnv(keys, 'http://127.0.0.1:1234');
    expect(Object.keys(env).sort()).toEqual([...BFF_VARIABLES].sort());
    expect(env.WECHATPAY_PRIVATE_KEY).toContain('BEGIN PRIVATE KEY');
    expect(env.WECHAT_SECRET).toBe(keys.apps[0]!.secret);
  });
});

describe('generated push keys', () => {
  it('are 43 letters and digits, as the WeChat admin hands them out, and decode to 32 bytes', () => {
    for (let i = 0; i < 200; i++) {
      const key = newEncodingAESKey();
      expect(key).toMatch(/^[A-Za-z0-9]{43}$/);
      expect(Buffer.from(`${key}=`, 'base64')).toHaveLength(32);
    }
  });
});
