import { describe, expect, it } from 'vitest';
import { fetchAllPages, MAX_PAGE } from '../src/api/fetch-all.js';

const source = (total: number) => {
  const offsets: number[] = [];
  const load = async (limit: number, offset: number) => {
    offsets.push(offset);
    const end = Math.min(offset + limit, total);
    return { items: Array.from({ length: Math.max(0, end - offset) }, (_, i) => offset + i), total };
  };
  return { load, offsets };
};

describe('fetchAllPages', () => {
  it('walks pages of the largest size the admin routes allow until the total', async () => {
    const { load, offsets } = source(450);
    const all = await fetchAllPages(load);
    expect(offsets).toEqual([0, MAX_PAGE, 2 * MAX_PAGE]);
    expect(all.items).toHaveLength(450);
    expect(all.items.at(-1)).toBe(449);
    expect(all.truncated).toBe(false);
  });

  it('stops at the cap and says so', async () => {
    const { load } = source(1000);
    const all = await fetchAllPages(load, 300);
    expect(all.items).toHaveLength(300);
    expect(all).toMatchObject({ total: 1000, truncated: true });
  });

  it('stops when a page comes back empty even if the total said more', async () => {
    const load = async () => ({ items: [] as number[], total: 5 });
    await expect(fetchAllPages(load)).resolves.toEqual({ items: [], total: 5, truncated: false });
  });
});
