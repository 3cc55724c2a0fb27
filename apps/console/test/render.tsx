// Renders one screen the way App does: a real ApiClient over the fake BFF, the console's query cache
// and the merchant's time zone.

import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { ApiProvider } from '../src/api/api-context.js';
import { ApiClient } from '../src/api/client.js';
import { createQueryClient } from '../src/api/query-client.js';
import { TimeZoneProvider } from '../src/time/time-zone.js';
import { BASE_URL, type FakeBff } from './fake-bff.js';

export const TEST_TOKEN = 'test-admin-token';

export function renderScreen(screen: ReactElement, bff: FakeBff) {
  const onUnauthorized = vi.fn();
  const api = new ApiClient({ baseUrl: BASE_URL, token: TEST_TOKEN, fetch: bff.fetch });
  const queryClient = createQueryClient(onUnauthorized);
  const result = render(
    <QueryClientProvider client={queryClient}>
      <TimeZoneProvider>
        <ApiProvider api={api} onUnauthorized={onUnauthorized}>
          {screen}
        </ApiProvider>
      </TimeZoneProvider>
    </QueryClientProvider>,
  );
  return { ...result, onUnauthorized, queryClient };
}
