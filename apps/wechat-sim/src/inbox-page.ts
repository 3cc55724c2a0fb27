// A look-alike of WeChat's 服务通知 list, so a demo viewer sees what each shopper received.

import type { InboxMessage } from './state/inbox.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function formatChinaTime(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

function renderCard(message: InboxMessage): string {
  const emphasisKey = message.emphasis_keyword?.replace(/\.DATA$/, '');
  const emphasised = message.rows.find((row) => row.key === emphasisKey);
  const rows = message.rows
    .filter((row) => row !== emphasised)
    .map(
      (row) =>
        `<div class="row"><span class="label">${escapeHtml(row.label)}</span><span class="value">${escapeHtml(row.value)}</span></div>`,
    )
    .join('');
  const channel = message.channel === 'subscribe' ? '订阅消息' : '模板消息';
  return `<article class="card" data-template-id="${escapeHtml(message.template_id)}">
  <header><span class="title">${escapeHtml(message.title)}</span><time>${formatChinaTime(message.at)}</time></header>
  ${emphasised ? `<div class="emphasis"><div class="label">${escapeHtml(emphasised.label)}</div><div class="big">${escapeHtml(emphasised.value)}</div></div>` : ''}
  ${rows}
  <footer><span>${message.page ? `进入小程序查看 · <code>${escapeHtml(message.page)}</code>` : '（无跳转页面）'}</span><span class="channel">${channel}</span></footer>
</article>`;
}

export function renderInboxPage(messages: InboxMessage[], refreshSeconds = 3): string {
  const byUser = new Map<string, InboxMessage[]>();
  for (const message of messages)
    byUser.set(message.touser, [...(byUser.get(message.touser) ?? []), message]);
  const sections = [...byUser]
    .map(
      ([openid, list]) => `<section><h2>用户 <code>${escapeHtml(openid)}</code> · ${list.length} 条</h2>
${[...list].reverse().map(renderCard).join('\n')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${refreshSeconds}">
<title>服务通知 · 微信模拟器</title>
<style>
body{margin:0;background:#ededed;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#191919}
h1{font-size:17px;text-align:center;padding:14px;margin:0;background:#f7f7f7;border-bottom:1px solid #ddd}
h2{font-size:13px;color:#888;font-weight:normal;margin:16px 16px 8px}
.card{background:#fff;border-radius:8px;margin:0 12px 12px;padding:16px}
.card header{display:flex;justify-content:space-between;margin-bottom:12px}.title{font-size:16px;font-weight:600}
time{color:#b2b2b2;font-size:12px}.emphasis{margin:8px 0 14px}.emphasis .label{color:#888;font-size:13px}
.big{font-size:30px;font-weight:600}.row{display:flex;font-size:14px;line-height:1.9}
.row .label{color:#888;width:6em;flex:none}.card footer{display:flex;justify-content:space-between;border-top:1px solid #eee;margin-top:12px;padding-top:10px;font-size:13px;color:#576b95}
.channel{color:#b2b2b2}.empty{text-align:center;color:#999;padding:48px}
</style></head>
<body><h1>服务通知</h1>
${sections || '<p class="empty">还没有收到服务通知</p>'}
</body></html>`;
}
