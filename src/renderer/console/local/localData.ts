import { BehaviorSubject, combineLatest, distinctUntilChanged, fromEvent, map, merge, startWith, type Observable, type Subscription } from 'rxjs';
import { deepEqual } from 'rxdb/plugins/utils';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { TandemClient } from '../../../shared/api/client';
import type { User } from '../../../shared/domain/user';
import { databaseName, openTandemDatabase, type TandemDatabase } from '../../../shared/sync/database';
import { SyncSession, type SocketLike, type SyncStatus } from '../../../shared/sync/session';
import { shownStatus } from './connection';
import { FIRST_PAINT_ROWS } from './firstPaint';
import { LocalTickets } from './localTickets';
import { TicketSearchService } from '../queue/workerTicketSearch';
import { serverBaseUrl } from '../../common/session';

/** One signed-in agent's local database and its replication with the server. */
export interface LocalData {
  user: User;
  db: TandemDatabase;
  session: SyncSession;
  /** Every local ticket in memory, kept up to date (the queue's list). */
  tickets: LocalTickets;
  /** The search index of the local tickets (built once they are read, on a worker). */
  search: TicketSearchService;
  /** The sync state to show: the session's, corrected by what this page saw of the network. */
  status$: Observable<SyncStatus>;
  /** Ids of replies and notes written on this device that the server has not taken yet. */
  unsentEvents$: BehaviorSubject<ReadonlySet<string>>;
  /** Marks a reply or note written here as waiting for the server. */
  noteUnsentEvent(id: string): void;
  /** Stops syncing and closes the database; the data stays on this device for the next sign-in. */
  close(): Promise<void>;
  /** Stops syncing and deletes this user's local database from the device. */
  remove(): Promise<void>;
}

/**
 * Opens the user's RxDB in this browser's IndexedDB and starts replicating it (once the tickets
 * have been read once, see below). The sync stream
 * uses the client's access token and its single-flight refresh, so a refresh for the REST API and
 * one for the stream never spend the same refresh token twice.
 */
export async function openLocalData(client: TandemClient, user: User): Promise<LocalData> {
  // '' means "this page's origin" for fetch, but the sync session builds absolute URLs.
  const serverUrl = (await serverBaseUrl()) || location.origin;
  performance.mark('tandem:local-opening');
  const db = await openTandemDatabase({ name: databaseName(serverUrl, user.id), storage: getRxStorageDexie() });
  performance.mark('tandem:local-open');
  // Every sync request tells whether the server answered: see shownStatus for why that matters.
  const lastRequestOk$ = new BehaviorSubject<boolean | null>(null);
  const observedFetch: typeof fetch = async (input, init) => {
    try {
      const res = await fetch(input, init);
      lastRequestOk$.next(true);
      return res;
    } catch (err) {
      lastRequestOk$.next(false);
      throw err;
    }
  };
  const browserOnline$ = merge(fromEvent(window, 'online'), fromEvent(window, 'offline')).pipe(map(() => navigator.onLine), startWith(navigator.onLine));
  const session = new SyncSession({
    db,
    serverUrl,
    fetch: observedFetch,
    WebSocket: WebSocket as unknown as new (url: string) => SocketLike,
    auth: { accessToken: () => client.accessTokenNow, refresh: () => client.refreshAccessToken() },
  });
  const status$ = combineLatest([session.status$, lastRequestOk$.pipe(distinctUntilChanged()), browserOnline$]).pipe(
    map(([status, lastRequestOk, browserOnline]) => shownStatus(status, { browserOnline, lastRequestOk })),
    distinctUntilChanged(deepEqual),
  );
  const unsentEvents$ = new BehaviorSubject<ReadonlySet<string>>(new Set());
  const drop = (ids: string[]) => {
    const next = new Set(unsentEvents$.value);
    for (const id of ids) next.delete(id);
    if (next.size !== unsentEvents$.value.size) unsentEvents$.next(next);
  };
  const subs: Subscription[] = [
    // Answered with the server's version (written back by replication), or refused.
    db.ticket_events.eventBulks$.subscribe((bulk) => {
      if (bulk.context.startsWith('replication')) drop(bulk.events.map((e) => e.documentId));
    }),
    session.rejected$.subscribe((changes) => drop(changes.map((c) => c.id))),
  ];

  // The tickets are read into memory at once (the newest first, for the queue's first paint), and
  // replication starts after that read: on start RxDB walks every local document of the pushable
  // collections, and while it does, IndexedDB answers the page's own reads seconds later (with
  // 20,000 tickets the first rows came after ~5 s instead of ~1.5 s).
  let stopped = false;
  // The queue sorts, counts and indexes every ticket on each new list: twice a second is plenty.
  const tickets = new LocalTickets(db.tickets, { firstPaint: FIRST_PAINT_ROWS, throttleMs: 500 });
  const search = new TicketSearchService(db, tickets);
  const started = Promise.race([tickets.loaded, new Promise((r) => setTimeout(r, 15_000))])
    .catch(() => undefined)
    .then(async () => {
      if (stopped) return;
      await session.start();
      const sent = session.replications.get('ticket_events')?.sent$.subscribe((doc) => drop([doc.id]));
      if (sent) subs.push(sent);
    });
  // Stops the session first: a start() still taking the first-sync snapshot gives up (its requests
  // are aborted, its writes awaited) instead of running to its end, and the database closes after.
  const stop = async () => {
    stopped = true;
    tickets.stop();
    search.stop();
    await session.stop();
    await started;
    for (const sub of subs) sub.unsubscribe();
  };
  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= (async () => {
      await stop();
      await db.close();
    })());
  return {
    user,
    db,
    session,
    tickets,
    search,
    status$,
    unsentEvents$,
    noteUnsentEvent: (id) => unsentEvents$.next(new Set([...unsentEvents$.value, id])),
    close,
    remove: async () => {
      await stop();
      const name = db.name;
      await db.remove().catch(() => db.close());
      await deleteIndexedDbsStartingWith(`rxdb-dexie-${name}--`);
    },
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

/**
 * Deletes this user's IndexedDB databases outright. RxDB's remove() left them on disk in Chromium
 * (tests/e2e/console-agent.test.ts found it), and sign-out-everywhere promises the data is gone.
 */
async function deleteIndexedDbsStartingWith(prefix: string): Promise<void> {
  const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(prefix));
  await Promise.all(
    names.map(
      (n) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(n);
          request.onsuccess = request.onerror = () => resolve();
          // Blocked by a connection still closing: it completes once that closes; do not wait.
          request.onblocked = () => resolve();
        }),
    ),
  );
}
