// A list screen's filters and page, read from and written to the URL (see routing.ts).

import { useCallback } from 'react';
import { updateViewParams, useViewParams } from './routing.js';

export interface ViewFilters<K extends string> {
  values: Record<K, string>;
  /** 1-based page number. */
  page: number;
  /** A new filter value starts again at page 1. `typing`: a text box, edited in place in the history. */
  setFilter(key: K, value: string, options?: { typing?: boolean }): void;
  setPage(page: number): void;
}

export function useViewFilters<K extends string>(keys: readonly K[]): ViewFilters<K> {
  const params = useViewParams();
  const values = Object.fromEntries(keys.map((key) => [key, params.get(key) ?? ''])) as Record<K, string>;
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const setFilter = useCallback(
    (key: K, value: string, { typing = false } = {}) =>
      updateViewParams({ [key]: value, page: '' }, { replace: typing }),
    [],
  );
  const setPage = useCallback((next: number) => updateViewParams({ page: next > 1 ? String(next) : '' }), []);
  return { values, page, setFilter, setPage };
}
