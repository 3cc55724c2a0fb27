// Previous/next through a long list by limit + offset, with where we are.

/** Rows per page on every list screen. */
export const PAGE_SIZE = 20;

export function Pager({
  total,
  limit,
  offset,
  onChange,
}: {
  total: number;
  limit: number;
  offset: number;
  onChange(offset: number): void;
}) {
  if (total <= limit && offset === 0) return null;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" data-testid="pager">
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        上一页
      </button>
      <span data-testid="pager-range">
        第 {first}–{last} 条，共 {total} 条
      </span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>
        下一页
      </button>
    </nav>
  );
}
