// Walks limit/offset pages until the total is reached (or a cap), for the CSV export.

export interface Page<T> {
  items: T[];
  total: number;
}

export const MAX_PAGE = 200;

export async function fetchAllPages<T>(
  loadPage: (limit: number, offset: number) => Promise<Page<T>>,
  cap = 10_000,
): Promise<{ items: T[]; total: number; truncated: boolean }> {
  const items: T[] = [];
  let total = 0;
  do {
    const page = await loadPage(MAX_PAGE, items.length);
    total = page.total;
    items.push(...page.items);
    if (page.items.length === 0) break;
  } while (items.length < total && items.length < cap);
  return { items: items.slice(0, cap), total, truncated: total > cap };
}
