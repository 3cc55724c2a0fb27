import { DEMO_TEMPLATE_IDS } from '@checkout/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InboxMessage } from '../src/app.js';
import {
  newUser,
  orderBody,
  paidOrder,
  prepay,
  type RunningSim,
  startSim,
  testKeys,
  tokenFor,
} from './helpers.js';

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

const TEMPLATE = DEMO_TEMPLATE_IDS.template.pay_success;
const send = (fields: Record<string, unknown>) =>
  sim.post<{ errcode: number; errmsg: string }>(
    `/cgi-bin/message/wxopen/template/send?access_token=${token}`,
    {
      touser: openid,
      template_id: TEMPLATE,
      page: 'pages/cart/results/index?status=1&type=pay&sn=S1',
      data: {
        keyword1: { value: 'S1' },
        keyword2: { value: '12.34元' },
        keyword3: { value: '咖啡' },
        keyword4: { value: '2026-11-23 14:05' },
      },
      emphasis_keyword: 'keyword2.DATA',
      ...fields,
    },
  );
const mintFormId = async (owner = openid) =>
  (await sim.post<{ formIds: string[] }>('/sim/form-ids', { openid: owner })).formIds[0]!;

describe('POST /cgi-bin/message/wxopen/template/send', () => {
  it('delivers with a formId once, then answers 41029', async () => {
    const formId = await mintFormId();
    expect(await send({ form_id: formId })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await send({ form_id: formId })).errcode).toBe(41029);
    const inbox = await sim.get<InboxMessage[]>(`/sim/inbox?openid=${openid}`);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      channel: 'template',
      touser: openid,
      template_id: TEMPLATE,
      title: '订单支付成功通知',
      emphasis_keyword: 'keyword2.DATA',
      form_id: formId,
    });
    expect(inbox[0]!.rows[1]).toEqual({ key: 'keyword2', label: '支付金额', value: '12.34元' });
  });

  it('refuses an unknown formId (and the devtools mock one) with 41028', async () => {
    expect((await send({ form_id: 'the formId is a mock one' })).errcode).toBe(41028);
    expect((await send({ form_id: '' })).errcode).toBe(41028);
  });

  it("refuses another user's formId with 41028 and leaves it usable by its owner", async () => {
    const someoneElse = await newUser(sim);
    const formId = await mintFormId(someoneElse);
    expect((await send({ form_id: formId })).errcode).toBe(41028);
    expect((await send({ form_id: formId, touser: someoneElse })).errcode).toBe(0);
  });

  it('expires a formId after 7 days of virtual time', async () => {
    const [early, late] = (await sim.post<{ formIds: string[] }>('/sim/form-ids', { openid, count: 2 }))
      .formIds;
    await sim.post('/sim/clock/advance', { seconds: 7 * 86400 - 60 });
    token = await tokenFor(sim);
    expect((await send({ form_id: early })).errcode).toBe(0);
    await sim.post('/sim/clock/advance', { seconds: 60 });
    expect((await send({ form_id: late })).errcode).toBe(41028);
  });

  it('answers 40037 for an unknown template and 41030 for a page outside the app, consuming nothing', async () => {
    const formId = await mintFormId();
    expect((await send({ form_id: formId, template_id: 'nope' })).errcode).toBe(40037);
    expect((await send({ form_id: formId, page: 'pages/admin/index' })).errcode).toBe(41030);
    expect((await send({ form_id: formId, page: '/pages/orders/index?sn=1' })).errcode).toBe(0);
  });

  it('answers 40003 for a recipient that is not a user', async () => {
    expect((await send({ form_id: await mintFormId(), touser: 'o-nobody' })).errcode).toBe(40003);
  });

  it('answers 47003 for an emphasis_keyword outside the template', async () => {
    expect((await send({ form_id: await mintFormId(), emphasis_keyword: 'keyword9.DATA' })).errcode).toBe(
      47003,
    );
  });

  it('refuses a prepay_id before the order is paid (41028)', async () => {
    const res = await prepay(sim, orderBody(sim, openid));
    const { prepay_id } = (await res.json()) as { prepay_id: string };
    expect((await send({ form_id: prepay_id })).errcode).toBe(41028);
  });

  it('accepts a paid prepay_id three times, then answers 41029', async () => {
    const prepayId = await paidOrder(sim, openid);
    for (let i = 0; i < 3; i++) expect((await send({ form_id: prepayId })).errcode).toBe(0);
    expect((await send({ form_id: prepayId })).errcode).toBe(41029);
  });

  it('accepts a prepay_id only for the payer, and only for 7 days', async () => {
    const prepayId = await paidOrder(sim, openid);
    const other = await newUser(sim);
    expect((await send({ form_id: prepayId, touser: other })).errcode).toBe(41028);
    await sim.post('/sim/clock/advance', { seconds: 7 * 86400 });
    token = await tokenFor(sim);
    expect((await send({ form_id: prepayId })).errcode).toBe(41028);
  });

  it('checks the access token first (41001, 40001)', async () => {
    const formId = await mintFormId();
    const missing = await sim.post<{ errcode: number }>('/cgi-bin/message/wxopen/template/send', {
      touser: openid,
    });
    expect(missing.errcode).toBe(41001);
    const wrong = await sim.post<{ errcode: number }>(
      '/cgi-bin/message/wxopen/template/send?access_token=x',
      {
        form_id: formId,
      },
    );
    expect(wrong.errcode).toBe(40001);
  });

  it('answers 48001 for every template send once the API is switched off, as live WeChat does', async () => {
    const formId = await mintFormId();
    expect(await sim.post('/sim/template-api', { enabled: false })).toEqual({ enabled: false });
    expect(await send({ form_id: formId })).toMatchObject({
      errcode: 48001,
      errmsg: expect.stringContaining('api unauthorized'),
    });
    expect(await send({ form_id: await paidOrder(sim, openid) })).toMatchObject({ errcode: 48001 });
    // Nothing was spent: once switched on again, the formId still works.
    await sim.post('/sim/template-api', { enabled: true });
    expect((await send({ form_id: formId })).errcode).toBe(0);
  });
});

describe('template API switched off and daily quotas', () => {
  it('can start switched off (templateApi: false) and counts a daily quota (45009)', async () => {
    const off = await startSim({ templateApi: false, dailyQuota: { template_send: 2 } });
    try {
      const offToken = await tokenFor(off);
      const user = await newUser(off);
      const formId = (await off.post<{ formIds: string[] }>('/sim/form-ids', { openid: user })).formIds[0];
      const sendOff = () =>
        off.post<{ errcode: number }>(`/cgi-bin/message/wxopen/template/send?access_token=${offToken}`, {
          touser: user,
          template_id: TEMPLATE,
          form_id: formId,
        });
      expect((await sendOff()).errcode).toBe(48001);
      expect((await sendOff()).errcode).toBe(48001);
      expect((await sendOff()).errcode).toBe(45009);
      // The quota is per China day: the next day the call gets through to the switch again.
      await off.post('/sim/clock/advance', { seconds: 86_400 });
      const nextDay = await tokenFor(off);
      const again = await off.post<{ errcode: number }>(
        `/cgi-bin/message/wxopen/template/send?access_token=${nextDay}`,
        { touser: user, template_id: TEMPLATE, form_id: formId },
      );
      expect(again.errcode).toBe(48001);
    } finally {
      await off.close();
    }
  });

  it("answers 40003 for the openid of another app's user", async () => {
    const other = { appid: 'wx00000000000other', secret: 'other-secret' };
    const twoApps = await startSim({ apps: [...testKeys().apps, other] });
    try {
      const stranger = await twoApps.post<{ openid: string }>('/sim/users', { appid: other.appid });
      const res = await twoApps.post<{ errcode: number }>(
        `/cgi-bin/message/wxopen/template/send?access_token=${await tokenFor(twoApps)}`,
        { touser: stranger.openid, template_id: TEMPLATE, form_id: 'whatever' },
      );
      expect(res.errcode).toBe(40003);
    } finally {
      await twoApps.close();
    }
  });
});
