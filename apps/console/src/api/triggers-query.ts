// The trigger list, one cache entry for the triggers screen and the logs screen's title.

import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from './client.js';

export const triggersQuery = (api: ApiClient) =>
  queryOptions({ queryKey: ['triggers'], queryFn: ({ signal }) => api.listTriggers(signal) });
