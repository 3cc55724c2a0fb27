// Token gate, navigation and the current screen.

import { QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { ApiProvider } from './api/api-context.js';
import { ApiClient } from './api/client.js';
import { createQueryClient } from './api/query-client.js';
import { TimeZonePicker } from './components/TimeZonePicker.js';
import { TokenPrompt } from './components/TokenPrompt.js';
import { type Route, useHashRoute } from './routing.js';
import { EventsScreen } from './screens/EventsScreen.js';
import { NoticesScreen } from './screens/NoticesScreen.js';
import { OrdersScreen } from './screens/OrdersScreen.js';
import { RedemptionsScreen } from './screens/RedemptionsScreen.js';
import { TriggerLogsScreen } from './screens/TriggerLogsScreen.js';
import { TriggersScreen } from './screens/TriggersScreen.js';
import { clearAdminToken, loadAdminToken, saveAdminToken } from './session.js';
import { TimeZoneProvider } from './time/time-zone.js';

const TABS = [
  { screen: 'orders', label: '订单' },
  { screen: 'notices', label: '通知' },
  { screen: 'events', label: '事件' },
  { screen: 'redemptions', label: '核销记录' },
  { screen: 'triggers', label: '触发器' },
] as const;

export interface AppProps {
  /** Where the admin routes live; '' is the page's own origin (the BFF serving /console). */
  apiBase?: string;
  fetch?: typeof fetch;
}

export function App({ apiBase = '', fetch: fetchImpl }: AppProps) {
  const [token, setToken] = useState(loadAdminToken);
  const [refusal, setRefusal] = useState<string>();
  const route = useHashRoute();

  const api = useMemo(
    () => (token ? new ApiClient({ baseUrl: apiBase, token, fetch: fetchImpl }) : null),
    [apiBase, token, fetchImpl],
  );
  const signIn = useCallback((value: string) => {
    saveAdminToken(value);
    setRefusal(undefined);
    setToken(value);
  }, []);
  const signOutRef = useRef<(reason?: string) => void>(() => {});
  const [queryClient] = useState(() => createQueryClient((reason) => signOutRef.current(reason)));
  const signOut = useCallback(
    (reason?: string) => {
      clearAdminToken();
      // Nothing fetched with the old token is shown to whoever signs in next.
      queryClient.clear();
      setRefusal(reason);
      setToken(null);
    },
    [queryClient],
  );
  signOutRef.current = signOut;

  if (!api) return <TokenPrompt reason={refusal} onSubmit={signIn} />;

  const active = route.screen === 'trigger-logs' ? 'triggers' : route.screen;
  return (
    <QueryClientProvider client={queryClient}>
      <TimeZoneProvider>
        <ApiProvider api={api} onUnauthorized={signOut}>
          <header className="topbar">
            <strong>商户后台</strong>
            <nav>
              {TABS.map((tab) => (
                <a
                  key={tab.screen}
                  href={`#/${tab.screen}`}
                  className={tab.screen === active ? 'active' : undefined}
                  data-testid={`nav-${tab.screen}`}
                >
                  {tab.label}
                </a>
              ))}
            </nav>
            <TimeZonePicker />
            <button type="button" className="link" data-testid="sign-out" onClick={() => signOut()}>
              退出
            </button>
          </header>
          <main className="content">
            <CurrentScreen route={route} />
          </main>
        </ApiProvider>
      </TimeZoneProvider>
    </QueryClientProvider>
  );
}

function CurrentScreen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'orders':
      return <OrdersScreen />;
    case 'notices':
      return <NoticesScreen />;
    case 'events':
      return <EventsScreen />;
    case 'redemptions':
      return <RedemptionsScreen />;
    case 'triggers':
      return <TriggersScreen />;
    case 'trigger-logs':
      return <TriggerLogsScreen triggerId={route.triggerId} />;
  }
}
