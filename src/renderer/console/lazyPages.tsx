import { Component, lazy, type ReactNode } from 'react';
import { strings } from '../common/strings';

/**
 * Pages an agent opens now and then, each in a chunk of its own so the queue's first paint does not
 * wait for them: remote sessions (xterm.js, simple-peer), devices, reports and the admin pages were
 * a third of the console's script. A page's chunk is fetched when the pointer or focus reaches its
 * link (`preloadPage`), so it is usually there by the click. Not all of them at start: that would
 * evaluate half a megabyte of script while the first queue loads and scrolls, for pages that all ask
 * the server for their data anyway (offline they would show no more than the notice below).
 */
const loaders = {
  remoteSession: () => import('./remote/RemoteSessionPage').then((m) => ({ default: m.RemoteSessionPage })),
  device: () => import('./remote/DevicePage').then((m) => ({ default: m.DevicePage })),
  devices: () => import('./remote/DevicesPage').then((m) => ({ default: m.DevicesPage })),
  reports: () => import('./reports/ReportsPage').then((m) => ({ default: m.ReportsPage })),
  admin: () => import('./admin/AdminPage').then((m) => ({ default: m.AdminPage })),
};

export const RemoteSessionPage = lazy(loaders.remoteSession);
export const DevicePage = lazy(loaders.device);
export const DevicesPage = lazy(loaders.devices);
export const ReportsPage = lazy(loaders.reports);
export const AdminPage = lazy(loaders.admin);

/** The chunks a section's link leads to. */
const BY_SECTION: Record<string, Array<() => Promise<unknown>>> = {
  '/devices': [loaders.devices, loaders.device],
  '/reports': [loaders.reports],
  '/admin': [loaders.admin],
};

/** Starts fetching the remote-session view's code (the request dialog does, while the agent picks rights). */
export function preloadRemoteSession(): void {
  loaders.remoteSession().catch(() => undefined);
}

/** Starts fetching the code of the pages behind a section's link (a failure is the page's to show). */
export function preloadPage(sectionPath: string): void {
  for (const load of BY_SECTION[sectionPath] ?? []) load().catch(() => undefined);
}

/** What the console says of a page that failed: its code could not be fetched, or it broke. */
export function pageErrorMessage(error: Error): string {
  // Chromium, Firefox and Safari word a module that could not be fetched differently.
  const notFetched = /dynamically imported module|module script failed|Failed to fetch/i.test(error.message);
  return notFetched ? strings.frame.pageLoadFailed : strings.frame.pageFailed(error.message);
}

/**
 * Shows why a page could not be shown — its chunk could not be fetched (the connection is down),
 * or it failed while rendering — instead of a blank page; going to another page starts afresh.
 */
export class PageLoadBoundary extends Component<{ path: string; children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidUpdate(previous: { path: string }): void {
    if (this.state.error && previous.path !== this.props.path) this.setState({ error: null });
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="error-note" role="alert">
        <p>{pageErrorMessage(error)}</p>
        <button type="button" onClick={() => location.reload()}>
          {strings.frame.reload}
        </button>
      </div>
    );
  }
}
