import { Component, lazy, type ReactNode } from 'react';
import { strings } from '../common/strings';

/**
 * Pages an agent opens now and then, each in a chunk of its own so the queue's first paint does not
 * wait for them: remote sessions (xterm.js, simple-peer), devices, reports and the admin pages were
 * a third of the console's script. Once the console has painted, every chunk is fetched while the
 * browser is idle (`preloadPages`), so a page opened later — offline too — is already there.
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

/** Fetches every page's chunk in the background (a failure is left for the page itself to show). */
export function preloadPages(): () => void {
  const start = () => {
    for (const load of Object.values(loaders)) load().catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(start, { timeout: 5000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(start, 1000);
  return () => clearTimeout(timer);
}

/**
 * Shows why a page's chunk did not load (the web console opened offline before it was fetched)
 * instead of a blank page; going to another page starts afresh.
 */
export class PageLoadBoundary extends Component<{ path: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidUpdate(previous: { path: string }): void {
    if (this.state.failed && previous.path !== this.props.path) this.setState({ failed: false });
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="error-note" role="alert">
        <p>{strings.frame.pageLoadFailed}</p>
        <button type="button" onClick={() => location.reload()}>
          {strings.frame.reload}
        </button>
      </div>
    );
  }
}
