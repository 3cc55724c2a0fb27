// Hash routes with the view in their query (#/orders?status=paid&page=2, #/triggers/3/logs): the BFF
// serves one index.html, and a copied link or back/forward brings back the same screen, filters and page.

import { useMemo, useSyncExternalStore } from 'react';

export type Route =
  | { screen: 'orders' | 'notices' | 'events' | 'redemptions' | 'triggers' }
  | { screen: 'trigger-logs'; triggerId: number };

/** Our own pushState/replaceState calls fire no browser event: this one tells the subscribers. */
const NAVIGATED = 'console:navigated';

function splitHash(hash: string): { path: string; query: string } {
  const body = hash.replace(/^#\/?/, '');
  const at = body.indexOf('?');
  return at < 0 ? { path: body, query: '' } : { path: body.slice(0, at), query: body.slice(at + 1) };
}

export function parseRoute(hash: string): Route {
  const { path } = splitHash(hash);
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

function subscribe(onChange: () => void): () => void {
  const events = ['hashchange', 'popstate', NAVIGATED];
  for (const event of events) window.addEventListener(event, onChange);
  return () => {
    for (const event of events) window.removeEventListener(event, onChange);
  };
}

function useLocationHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function useHashRoute(): Route {
  const hash = useLocationHash();
  return useMemo(() => parseRoute(hash), [hash]);
}

/**
 * Replace some of the current view's query parameters ('' removes one). A new history entry by
 * default, so back undoes it; `replace` for keystrokes in a text filter.
 */
export function updateViewParams(changes: Record<string, string>, { replace = false } = {}): void {
  const { path, query } = splitHash(window.location.hash);
  const params = new URLSearchParams(query);
  for (const [key, value] of Object.entries(changes)) {
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const text = params.toString();
  const url = `#/${path}${text ? `?${text}` : ''}`;
  if (url === window.location.hash) return;
  if (replace) window.history.replaceState(window.history.state, '', url);
  else window.history.pushState(window.history.state, '', url);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** The current view's query parameters, re-read on every navigation. */
export function useViewParams(): URLSearchParams {
  const hash = useLocationHash();
  return useMemo(() => new URLSearchParams(splitHash(hash).query), [hash]);
}
