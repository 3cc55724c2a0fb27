// Hash routes (#/orders, #/triggers/3/logs): the BFF serves one index.html, so no server routes needed.

import { useEffect, useState } from 'react';

export type Route =
  | { screen: 'orders' | 'notices' | 'events' | 'redemptions' | 'triggers' }
  | { screen: 'trigger-logs'; triggerId: number };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const logs = /^triggers\/(\d+)\/logs$/.exec(path);
  if (logs) return { screen: 'trigger-logs', triggerId: Number(logs[1]) };
  switch (path) {
    case 'notices':
    case 'events':
    case 'redemptions':
    case 'triggers':
      return { screen: path };
    default:
      return { screen: 'orders' };
  }
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
