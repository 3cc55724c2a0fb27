// POST /cgi-bin/message/wxopen/template/send: the legacy template message, spending a formId or prepay_id.

import type { FastifyInstance } from 'fastify';
import { wxError } from '../wx-errors.js';
import { checkPage, checkTouser, nowIso } from './notice-checks.js';
import { authorizeCall, isWxError, parseWxBody } from './wechat-api.js';

const KEYWORD = /^keyword(\d+)$/;
const EMPHASIS = /^keyword(\d+)\.DATA$/;

export async function templateSendRoute(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.post(
    '/cgi-bin/message/wxopen/template/send',
    { config: { endpoint: 'template_send' } },
    async (request) => {
      const auth = authorizeCall(sim, request, 'template_send');
      if (isWxError(auth)) return auth;
      // WeChat switched the mini-program template message off on 2020-01-10; since then it answers 48001.
      if (!sim.templateApi)
        return wxError(48001, 'template message is no longer served, use subscribe message');
      const body = parseWxBody(request.body);
      if (isWxError(body)) return body;
      const badUser = checkTouser(sim, auth.appid, body.touser);
      if (badUser) return badUser;
      const template = sim.config.templates.legacy.find((t) => t.id === body.template_id);
      if (!template) return wxError(40037);
      const badPage = checkPage(sim, auth.appid, body.page);
      if (badPage) return badPage;
      if (typeof body.form_id !== 'string' || body.form_id === '') return wxError(41028);

      const data = body.data ?? {};
      if (typeof data !== 'object' || data === null || Array.isArray(data))
        return wxError(47001, 'data must be an object');
      const values: Record<string, { value: string }> = {};
      for (const [key, entry] of Object.entries(data)) {
        const index = Number(KEYWORD.exec(key)?.[1] ?? 0);
        // Keys the template does not have are ignored, as WeChat does.
        if (index < 1 || index > template.keywords.length) continue;
        const value = (entry as { value?: unknown } | null)?.value;
        if (typeof value !== 'string' && typeof value !== 'number')
          return wxError(47001, `data.${key}.value`);
        values[key] = { value: String(value) };
      }
      const emphasis = body.emphasis_keyword;
      if (emphasis !== undefined && emphasis !== '') {
        const index = typeof emphasis === 'string' ? Number(EMPHASIS.exec(emphasis)?.[1] ?? 0) : 0;
        if (index < 1 || index > template.keywords.length) return wxError(47003, 'emphasis_keyword');
      }

      const touser = body.touser as string;
      const now = sim.clock.now();
      const consumed = sim.formIds.has(body.form_id)
        ? sim.formIds.consume(body.form_id, auth.appid, touser, now)
        : sim.orders.consumeForTemplate(body.form_id, auth.appid, touser, now);
      if (consumed !== 0) return wxError(consumed);

      sim.inbox.deliver({
        channel: 'template',
        appid: auth.appid,
        touser,
        template_id: template.id,
        title: template.title,
        page: typeof body.page === 'string' ? body.page : '',
        data: values,
        rows: template.keywords.map((label, i) => ({
          key: `keyword${i + 1}`,
          label,
          value: values[`keyword${i + 1}`]?.value ?? '',
        })),
        ...(typeof emphasis === 'string' && emphasis !== '' ? { emphasis_keyword: emphasis } : {}),
        form_id: body.form_id,
        at: nowIso(sim),
      });
      return { errcode: 0, errmsg: 'ok' };
    },
  );
}
