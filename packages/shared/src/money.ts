/** Money is an integer number of fen everywhere; this formats it for display only: 1234 -> "¥12.34". */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 1234 -> "12.34", the form WeChat's `amount` keys accept. */
export function fenToYuanString(fen: number): string {
  return formatFen(fen).replace('¥', '');
}
