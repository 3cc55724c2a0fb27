// Gives screens the signed-in client and one place that turns a refused token into a sign-out.

import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import type { ApiClient } from './client.js';
import { isUnauthorized, merchantMessage } from './merchant-message.js';

interface ApiContextValue {
  api: ApiClient;
  /** Message to show for a failed call; a 401 also signs the merchant out. */
  describeError(error: unknown): string;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({
  api,
  onUnauthorized,
  children,
}: {
  api: ApiClient;
  onUnauthorized(message: string): void;
  children: ReactNode;
}) {
  const describeError = useCallback(
    (error: unknown) => {
      const message = merchantMessage(error);
      if (isUnauthorized(error)) onUnauthorized(message);
      return message;
    },
    [onUnauthorized],
  );
  const value = useMemo(() => ({ api, describeError }), [api, describeError]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi needs an <ApiProvider> above it');
  return value;
}
