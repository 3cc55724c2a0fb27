import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { testEnv } from '../helper.js';

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('loads a complete environment with the documented defaults', () => {
    const config = loadConfig(testEnv());
    expect(config.port).toBe(3000);
    expect(config.wechat.apiBase).toBe('https://api.weixin.qq.com');
    expect(config.pay.apiBase).toBe('https://api.mch.weixin.qq.com');
    expect(config.notices.channels).toEqual(['subscribe', 'template']);
    expect(config.push.maxSkewSeconds).toBe(300);
    expect(config.notices.leaseMs).toBe(60_000);
    expect(loadConfig(testEnv({ NOTICE_LEASE_MS: '3000' })).notices.leaseMs).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.triggers.runWorker).toBe(true);
    expect(loadConfig(testEnv({ TRIGGER_WORKER: 'off' })).triggers.runWorker).toBe(false);
  });

  it.each([
    [{ WECHAT_APPID: undefined }, 'WECHAT_APPID'],
    [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ WECHATPAY_APIV3_KEY: 'too-short' }, 'WECHATPAY_APIV3_KEY'],
    [{ WECHATPAY_PRIVATE_KEY: '/no/such/key.pem' }, 'WECHATPAY_PRIVATE_KEY'],
    [{ NOTICE_CHANNELS: 'subscribe,sms' }, 'NOTICE_CHANNELS'],
    [{ NOTICE_LEASE_MS: '500' }, 'NOTICE_LEASE_MS'],
    [{ WECHAT_PUSH_APPS: '{not json' }, 'WECHAT_PUSH_APPS'],
    [{ WECHAT_PUSH_TOKEN: 'abc123' }, 'WECHAT_PUSH_AES_KEY'],
    [{ WECHAT_API_BASE: 'ftp://x' }, 'WECHAT_API_BASE'],
    [{ TRIGGER_WORKER: 'false' }, 'TRIGGER_WORKER'],
    [{ WECHATPAY_PLATFORM_MODE: 'both' }, 'WECHATPAY_PLATFORM_MODE'],
    [{ WECHATPAY_PLATFORM_PUBLIC_KEY: undefined }, 'WECHATPAY_PLATFORM_PUBLIC_KEY'],
    [{ WECHATPAY_PLATFORM_SERIAL: undefined }, 'WECHATPAY_PLATFORM_SERIAL'],
    [
      { WECHATPAY_PLATFORM_MODE: 'certificates', WECHATPAY_PLATFORM_SERIAL: undefined },
      'WECHATPAY_PLATFORM_SERIAL',
    ],
  ])('%o is refused naming %s', (overrides, variable) => {
    const error = configError(testEnv(overrides));
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('checks WeChat Pay with the platform public key by default, or with downloaded certificates', () => {
    expect(loadConfig(testEnv()).pay.platformMode).toBe('public_key');
    const certificates = loadConfig(
      testEnv({
        WECHATPAY_PLATFORM_MODE: 'certificates',
        WECHATPAY_PLATFORM_PUBLIC_KEY: undefined,
        WECHATPAY_PLATFORM_SERIAL: undefined,
      }),
    ).pay;
    expect(certificates).toMatchObject({ platformMode: 'certificates' });
    expect(certificates.platformPublicKey).toBeUndefined();
  });

  it('names a bad secret without echoing it', () => {
    const error = configError(testEnv({ SESSION_SECRET: 'too-short-secret-value' }));
    expect(error.message).toBe('SESSION_SECRET must be at least 32 characters');
    expect(configError(testEnv({ DATABASE_URL: 'mysql://root:hunter2@db' })).message).not.toContain(
      'hunter2',
    );
  });

  it('reads lists, switches and numbers by their schema', () => {
    const config = loadConfig(
      testEnv({
        NOTICE_CHANNELS: 'template, subscribe,template',
        FORWARD_ALLOWED_HOSTS: 'a.example,b.example',
      }),
    );
    expect(config.notices.channels).toEqual(['template', 'subscribe']);
    expect(config.triggers.forwardAllowedHosts).toEqual(['a.example', 'b.example']);
    expect(configError(testEnv({ PORT: '70000' })).message).toBe(
      'PORT must be an integer from 0 to 65535 (got "70000")',
    );
    expect(configError(testEnv({ LOG_LEVEL: 'loud' })).message).toContain('must be one of fatal, error');
  });

  it('includes the mini-program in the push apps when its token and key are set', () => {
    const key = 'a'.repeat(43);
    const config = loadConfig(testEnv({ WECHAT_PUSH_TOKEN: 'pushtoken', WECHAT_PUSH_AES_KEY: key }));
    expect(config.push.apps).toEqual([
      { appid: 'wxtest0000000001', token: 'pushtoken', encodingAESKey: key },
    ]);
  });
});
