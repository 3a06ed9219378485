import { useSyncExternalStore, type MouseEvent } from 'react';

/**
 * A tiny client-side router. Served by the Tandem server the app uses real paths (/queue); loaded
 * from the app bundle in Electron (app://tandem/console/index.html) it uses the hash (#/queue), since the page's path is not a route.
 */
const hashRouting = () => !/^https?:$/.test(location.protocol);

export interface Route {
  path: string;
  query: URLSearchParams;
}

function read(): string {
  return hashRouting() ? location.hash.slice(1) || '/' : `${location.pathname}${location.search}`;
}

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);
window.addEventListener('hashchange', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  const full = useSyncExternalStore(subscribe, read);
  const [path = '/', search = ''] = full.split('?');
  return { path, query: new URLSearchParams(search) };
}

/** Goes to an in-app path, e.g. `/admin/users`. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = hashRouting() ? `#${to}` : to;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  notify();
}

/** The href to put on an anchor for an in-app path. */
export const hrefOf = (to: string): string => (hashRouting() ? `#${to}` : to);

/** Click handler for in-app links: plain clicks navigate without a reload; modified clicks behave as usual. */
export function followLink(event: MouseEvent<HTMLAnchorElement>, to: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to);
}
