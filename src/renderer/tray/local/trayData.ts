import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { TandemClient } from '../../../shared/api/client';
import type { SyncCollection } from '../../../shared/sync/protocol';
import { databaseName, openTandemDatabase, type TandemDatabase } from '../../../shared/sync/database';
import { SyncSession, type SocketLike } from '../../../shared/sync/session';

/** What the tray replicates: the user's own tickets and their events, help articles, names. */
export const TRAY_COLLECTIONS = ['tickets', 'ticket_events', 'kb_articles', 'users'] as const satisfies readonly SyncCollection[];

/** One signed-in end user's local database and its replication with the server. */
export interface TrayData {
  userId: string;
  db: TandemDatabase;
  session: SyncSession;
  close(): Promise<void>;
}

/**
 * Opens the user's RxDB in IndexedDB with the tray's collections only (well under the free RxDB
 * build's collection limit) and starts syncing. Tickets and replies written while offline stay in
 * the database and are pushed when the server answers again. It opens without the server: a tray
 * started offline (signed in from the remembered sign-in) works on what was synced before, and the
 * session keeps retrying, its token refresh included, until the server is back.
 */
export async function openTrayData(client: TandemClient, userId: string, serverUrl: string): Promise<TrayData> {
  const db = await openTandemDatabase({
    name: `${databaseName(serverUrl, userId)}_tray`,
    storage: getRxStorageDexie(),
    collections: TRAY_COLLECTIONS,
  });
  const session = new SyncSession({
    db,
    serverUrl,
    collections: TRAY_COLLECTIONS,
    WebSocket: WebSocket as unknown as new (url: string) => SocketLike,
    auth: { accessToken: () => client.accessTokenNow, refresh: () => client.refreshAccessToken() },
    // A popover checks back quickly once the connection returns.
    maxBackoffMs: 5_000,
    retryMs: 1_000,
  });
  await session.start();
  let closing: Promise<void> | null = null;
  return {
    userId,
    db,
    session,
    close: () =>
      (closing ??= (async () => {
        await session.stop();
        await db.close();
      })()),
  };
}

/**
 * Opening and closing run one after another: React's development double-mount (and a quick
 * sign-out, sign-in) would otherwise open the same IndexedDB database twice at once.
 */
let queue: Promise<unknown> = Promise.resolve();
export function serially<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}
