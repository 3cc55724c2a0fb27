// Renders one screen with a real ApiClient over the fake BFF.

import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { ApiProvider } from '../src/api/api-context.js';
import { ApiClient } from '../src/api/client.js';
import { BASE_URL, type FakeBff } from './fake-bff.js';

export const TEST_TOKEN = 'test-admin-token';

export function renderScreen(screen: ReactElement, bff: FakeBff) {
  const onUnauthorized = vi.fn();
  const api = new ApiClient({ baseUrl: BASE_URL, token: TEST_TOKEN, fetch: bff.fetch });
  const result = render(
    <ApiProvider api={api} onUnauthorized={onUnauthorized}>
      {screen}
    </ApiProvider>,
  );
  return { ...result, onUnauthorized };
}
