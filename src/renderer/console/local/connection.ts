import type { SyncStatus } from '../../../shared/sync/session';

/** What this page has seen of the network beside the sync session's own view. */
export interface NetworkEvidence {
  /** The browser's navigator.onLine. */
  browserOnline: boolean;
  /** Whether the last request to the server got an answer (null: none made yet). */
  lastRequestOk: boolean | null;
}

/**
 * The sync state to show. The session marks itself offline when a request fails and online only
 * when its live stream says ready; but a stream that never dropped (a short outage, or a browser
 * that cuts HTTP but leaves the socket open) never says ready again, and the banner would stay for
 * good. So a request that got an answer after the failure counts as being back, and the browser
 * saying it is offline counts at once, before any request fails.
 */
export function shownStatus(session: SyncStatus, net: NetworkEvidence): SyncStatus {
  if (!net.browserOnline || net.lastRequestOk === false) {
    return { ...session, connection: 'offline', error: session.error ?? { code: 'offline', message: 'You are offline.' } };
  }
  if (session.connection === 'offline' && net.lastRequestOk === true) {
    return { ...session, connection: 'online', error: session.error?.code === 'offline' ? null : session.error };
  }
  return session;
}
