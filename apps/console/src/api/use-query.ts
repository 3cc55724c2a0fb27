// Loads data for a screen and re-loads when its inputs change; stale answers are dropped.

import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from './api-context.js';
import type { ApiClient } from './client.js';

export type QueryState<T> =
  | { status: 'loading'; data?: T }
  | { status: 'ok'; data: T }
  | { status: 'error'; message: string; data?: T };

export function useQuery<T>(
  load: (api: ApiClient) => Promise<T>,
  key: string,
): QueryState<T> & { reload(): void } {
  const { api, describeError } = useApi();
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // `key` names everything `load` reads, so a new key (or a reload) is what starts a new load.
  useEffect(() => {
    let current = true;
    setState((previous) => ({ status: 'loading', data: previous.data }));
    loadRef.current(api).then(
      (data) => current && setState({ status: 'ok', data }),
      (error: unknown) => current && setState({ status: 'error', message: describeError(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, describeError, key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}
