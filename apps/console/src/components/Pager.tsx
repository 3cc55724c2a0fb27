// Previous/next through a long list, with where we are; the page lives in the URL (view-filters.ts).

/** Rows per page on every list screen. */
export const PAGE_SIZE = 20;

export function Pager({ total, page, onPage }: { total: number; page: number; onPage(page: number): void }) {
  const offset = (page - 1) * PAGE_SIZE;
  if (total <= PAGE_SIZE && page === 1) return null;
  const first = total === 0 ? 0 : Math.min(offset + 1, total);
  const last = Math.min(offset + PAGE_SIZE, total);
  return (
    <nav className="pager" data-testid="pager">
      <button type="button" disabled={page === 1} onClick={() => onPage(page - 1)}>
        上一页
      </button>
      <span data-testid="pager-range">
        第 {first}–{last} 条，共 {total} 条
      </span>
      <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => onPage(page + 1)}>
        下一页
      </button>
    </nav>
  );
}
