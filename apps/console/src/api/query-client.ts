// The console's data cache (TanStack Query): shared answers per query key, one request for screens
// asking the same thing, cancelled calls when a screen goes away, and retries only where they can help.

import { ApiError, NetworkError } from '@checkout/shared';
import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isUnauthorized, merchantMessage } from './merchant-message.js';

const MAX_RETRIES = 2;

/** A refusal (4xx) says the same thing the second time; an outage or overload may not. */
function worthRetrying(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  return error instanceof ApiError && (error.status >= 500 || error.status === 429);
}

export function createQueryClient(onUnauthorized: (message: string) => void): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (isUnauthorized(error)) onUnauthorized(merchantMessage(error));
      },
    }),
    defaultOptions: {
      queries: {
        // A view opened again shows what it had at once and refreshes it behind (staleTime 0):
        // a merchant coming back to the orders sees an order paid in the meantime.
        retry: (failures, error) => failures < MAX_RETRIES && worthRetrying(error),
      },
    },
  });
}
