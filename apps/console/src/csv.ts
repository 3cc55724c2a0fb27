// RFC 4180 CSV that Excel opens correctly: quoted where needed, CRLF rows, UTF-8 BOM for Chinese text.

import type { CardRedemption } from '@checkout/shared';
import { formatInstant, timeZoneLabel } from './time/zone-time.js';

const BOM = '\uFEFF';

/** A cell Excel would run as a formula gets a leading apostrophe; plain numbers stay numbers. */
function neutraliseFormula(value: string): string {
  if (/^[=+@\t\r]/.test(value)) return `'${value}`;
  if (value.startsWith('-') && !/^-\d+(\.\d+)?$/.test(value)) return `'${value}`;
  return value;
}

export function csvCell(value: string | number | undefined): string {
  const text = neutraliseFormula(value === undefined ? '' : String(value));
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | undefined)[][]): string {
  return `${BOM}${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function redemptionColumns(timeZone: string): [string, (r: CardRedemption) => string | number | undefined][] {
  return [
    [`核销时间（${timeZoneLabel(timeZone)}）`, (r) => formatInstant(r.createTime, timeZone)],
    ['卡券ID', (r) => r.cardId],
    ['Code', (r) => r.userCardCode],
    ['核销来源', (r) => r.consumeSource],
    ['门店', (r) => r.locationName],
    ['核销员', (r) => r.staffOpenidMasked],
    ['核销码', (r) => r.verifyCode],
    ['备注金额', (r) => r.remarkAmount],
    ['自定义参数', (r) => r.outerStr],
    ['用户', (r) => r.openidMasked],
    ['AppID', (r) => r.appid],
    ['事件编号', (r) => r.eventId],
  ];
}

/** One row per redemption, times in the merchant's zone (named in the header). */
export function redemptionsCsv(rows: CardRedemption[], timeZone: string): string {
  const columns = redemptionColumns(timeZone);
  return toCsv(
    columns.map(([title]) => title),
    rows.map((row) => columns.map(([, cell]) => cell(row))),
  );
}
