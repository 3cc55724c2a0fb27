import { SubscribeDataError, WechatApiError, WechatHttpError } from '@checkout/wechat';
import { describe, expect, it } from 'vitest';
import { classifySendError } from '../../src/notices/classify.js';
import { isUsableFormId, MOCK_FORM_ID } from '../../src/notices/credentials.js';
import { newOrderSn, summarizeLines } from '../../src/shop/orders.js';
import { maskOpenid } from '../../src/shop/routes/admin-orders.js';

describe('what a failed send means', () => {
  it.each([
    [new WechatApiError('send', -1, 'system error'), 'transient'],
    [new WechatApiError('send', 45009, 'reach max api daily quota limit'), 'transient'],
    [new WechatApiError('send', 45011, 'api minute-quota reach limit'), 'transient'],
    [new WechatApiError('send', 40001, 'invalid credential'), 'transient'],
    [new WechatApiError('send', 41028, 'invalid form id'), 'credential'],
    [new WechatApiError('send', 41029, 'form id used count reach limit'), 'credential'],
    [new WechatApiError('send', 43101, 'user refuse to accept the msg'), 'refused'],
    [new WechatApiError('send', 40037, 'invalid template_id'), 'fatal'],
    [new WechatHttpError('send', 502, 'HTTP 502'), 'transient'],
    [new WechatHttpError('send', undefined, 'timed out after 5000 ms'), 'transient'],
    [new SubscribeDataError('thing3', 'at most 20 characters'), 'fatal'],
    [new Error('connection terminated'), 'transient'],
  ])('%s is %s', (error, kind) => {
    expect(classifySendError(error).kind).toBe(kind);
  });
});

describe('notice helpers', () => {
  it('never keeps the devtools mock formId or a blank one', () => {
    expect(isUsableFormId(MOCK_FORM_ID)).toBe(false);
    expect(isUsableFormId('  ')).toBe(false);
    expect(isUsableFormId(undefined)).toBe(false);
    expect(isUsableFormId('a1b2c3d4e5f60718293a4b5c6d7e8f90')).toBe(true);
  });

  it('order numbers are valid out_trade_no values and names summarise the goods', () => {
    const sn = newOrderSn(Date.UTC(2026, 10, 23, 6, 5, 0));
    expect(sn).toMatch(/^20261123140500\d{8}$/);
    const line = { sku: 'a', name: '西湖龙井礼盒', priceFen: 1, quantity: 1 };
    expect(summarizeLines([line])).toBe('西湖龙井礼盒');
    expect(
      summarizeLines([
        { ...line, quantity: 2 },
        { ...line, name: '杯', quantity: 1 },
      ]),
    ).toBe('西湖龙井礼盒 等3件');
    expect(maskOpenid('oAbcdefghijklmnopqrstuvwxyz1')).toBe('oAbc****xyz1');
  });
});
