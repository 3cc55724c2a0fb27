// POST /cgi-bin/message/subscribe/send: one send per user accept, every value checked against its key type.

import type { FastifyInstance } from 'fastify';
import { judgeSubscribeValue } from '../subscribe-values.js';
import { wxError } from '../wx-errors.js';
import { checkPage, checkTouser, nowIso } from './notice-checks.js';
import { authorizeCall, isWxError, parseWxBody } from './wechat-api.js';

const STATES = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];

export async function subscribeSendRoute(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.post('/cgi-bin/message/subscribe/send', { config: { endpoint: 'subscribe_send' } }, async (request) => {
    const auth = authorizeCall(sim, request, 'subscribe_send');
    if (isWxError(auth)) return auth;
    const body = parseWxBody(request.body);
    if (isWxError(body)) return body;
    const badUser = checkTouser(sim, auth.appid, body.touser);
    if (badUser) return badUser;
    const template = sim.config.templates.subscribe.find((t) => t.id === body.template_id);
    if (!template) return wxError(40037);
    const badPage = checkPage(sim, auth.appid, body.page);
    if (badPage) return badPage;
    if (body.miniprogram_state !== undefined && !STATES.includes(String(body.miniprogram_state))) {
      return wxError(47003, 'miniprogram_state');
    }
    if (body.lang !== undefined && !LANGS.includes(String(body.lang))) return wxError(47003, 'lang');

    const data = body.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return wxError(47003, 'data');
    const given = data as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (!(key in template.keys)) return wxError(47003, `data.${key} is not a key of the template`);
    }
    const values: Record<string, { value: string }> = {};
    for (const key of Object.keys(template.keys)) {
      const value = (given[key] as { value?: unknown } | undefined)?.value;
      if (typeof value !== 'string') return wxError(47003, `data.${key}.value missing`);
      // WeChat's own message omits the reason; ours names the rule so the sender can fix it.
      const problem = judgeSubscribeValue(key, value);
      if (problem) return wxError(47003, `data.${key}.value invalid: ${problem}`);
      values[key] = { value };
    }

    const touser = body.touser as string;
    if (!sim.subscriptions.consume(auth.appid, touser, template.id)) return wxError(43101);
    sim.inbox.deliver({
      channel: 'subscribe',
      appid: auth.appid,
      touser,
      template_id: template.id,
      title: template.title,
      page: typeof body.page === 'string' ? body.page : '',
      data: values,
      rows: Object.entries(template.keys).map(([key, label]) => ({
        key,
        label,
        value: values[key]?.value ?? '',
      })),
      miniprogram_state: typeof body.miniprogram_state === 'string' ? body.miniprogram_state : 'formal',
      lang: typeof body.lang === 'string' ? body.lang : 'zh_CN',
      at: nowIso(sim),
    });
    return { errcode: 0, errmsg: 'ok' };
  });
}
