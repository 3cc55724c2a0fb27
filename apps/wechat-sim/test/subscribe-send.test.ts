import { DEMO_TEMPLATE_IDS } from '@checkout/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InboxMessage } from '../src/app.js';
import { newUser, type RunningSim, startSim, tokenFor } from './helpers.js';

let sim: RunningSim;
let token: string;
let openid: string;
// One emulator per file, reset between tests: building one costs more than the tests themselves.
beforeAll(async () => {
  sim = await startSim();
});
beforeEach(async () => {
  await sim.post('/sim/reset');
  token = await tokenFor(sim);
  openid = await newUser(sim);
});
afterAll(async () => sim.close());

const TEMPLATE = DEMO_TEMPLATE_IDS.subscribe.shipped;
const goodData = {
  character_string1: { value: 'S20261123001' },
  thing2: { value: '顺丰速运' },
  character_string3: { value: 'SF1234567890' },
  time4: { value: '2026-11-23 14:05' },
  thing5: { value: '拿铁咖啡 x2' },
};
const send = (fields: Record<string, unknown> = {}) =>
  sim.post<{ errcode: number; errmsg: string }>(`/cgi-bin/message/subscribe/send?access_token=${token}`, {
    touser: openid,
    template_id: TEMPLATE,
    page: 'pages/orders/index?sn=S20261123001',
    data: goodData,
    miniprogram_state: 'formal',
    lang: 'zh_CN',
    ...fields,
  });
const accept = (times = 1) =>
  Promise.all(
    Array.from({ length: times }, () => sim.post('/sim/subscriptions', { openid, templateIds: [TEMPLATE] })),
  );

describe('POST /cgi-bin/message/subscribe/send', () => {
  it('answers 43101 when the user has not accepted', async () => {
    expect((await send()).errcode).toBe(43101);
  });

  it('allows exactly one send per accept', async () => {
    await accept(2);
    expect((await send()).errcode).toBe(0);
    expect((await send()).errcode).toBe(0);
    expect((await send()).errcode).toBe(43101);
    const inbox = await sim.get<InboxMessage[]>(`/sim/inbox?openid=${openid}`);
    expect(inbox).toHaveLength(2);
    expect(inbox[0]).toMatchObject({
      channel: 'subscribe',
      title: '订单发货通知',
      miniprogram_state: 'formal',
    });
    expect(inbox[0]!.rows.map((r) => r.label)).toEqual([
      '订单编号',
      '快递公司',
      '快递单号',
      '发货时间',
      '商品名称',
    ]);
  });

  it('answers 47003 for a value that breaks its key rule, without spending the accept', async () => {
    await accept();
    const tooLong = await send({
      data: { ...goodData, thing5: { value: '这是一个超过二十个字符的商品名称用来测试微信的规则' } },
    });
    expect(tooLong.errcode).toBe(47003);
    expect(tooLong.errmsg).toContain('thing5');
    const badTime = await send({ data: { ...goodData, time4: { value: '下午两点' } } });
    expect(badTime.errcode).toBe(47003);
    expect((await send()).errcode).toBe(0);
  });

  it('answers 47003 for a missing key or a key the template does not have', async () => {
    await accept();
    const { thing5: _dropped, ...missing } = goodData;
    expect((await send({ data: missing })).errcode).toBe(47003);
    expect((await send({ data: { ...goodData, thing9: { value: 'x' } } })).errcode).toBe(47003);
    expect((await send({ data: undefined })).errcode).toBe(47003);
  });

  it('answers 40037 for an unknown template, 41030 for a foreign page, 40003 for a non-user', async () => {
    await accept();
    expect((await send({ template_id: 'unknown' })).errcode).toBe(40037);
    expect((await send({ page: 'pages/secret/index' })).errcode).toBe(41030);
    expect((await send({ touser: 'o-nobody' })).errcode).toBe(40003);
    expect((await send({ miniprogram_state: 'beta' })).errcode).toBe(47003);
    expect((await send()).errcode).toBe(0);
  });

  it('keeps accepts per template', async () => {
    await sim.post('/sim/subscriptions', { openid, templateIds: [DEMO_TEMPLATE_IDS.subscribe.pay_success] });
    expect((await send()).errcode).toBe(43101);
  });

  it('counts a daily quota per app (45009 once spent, again the next China day)', async () => {
    const small = await startSim({ dailyQuota: { subscribe_send: 1 } });
    try {
      const user = await newUser(small);
      await small.post('/sim/subscriptions', { openid: user, templateIds: [TEMPLATE, TEMPLATE] });
      const sendSmall = async () =>
        small.post<{ errcode: number }>(
          `/cgi-bin/message/subscribe/send?access_token=${await tokenFor(small)}`,
          { touser: user, template_id: TEMPLATE, data: goodData },
        );
      expect((await sendSmall()).errcode).toBe(0);
      expect((await sendSmall()).errcode).toBe(45009);
      await small.post('/sim/clock/advance', { seconds: 86_400 });
      expect((await sendSmall()).errcode).toBe(0);
    } finally {
      await small.close();
    }
  });
});
