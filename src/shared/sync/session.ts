import { BehaviorSubject, Subject, filter, firstValueFrom, map, type Observable, type Subscription } from 'rxjs';
import type { RxCollection, RxDocumentData, RxReplicationPullStreamItem } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { PROMISE_RESOLVE_VOID, deepEqual } from 'rxdb/plugins/utils';
import { PUSHABLE_COLLECTIONS, SYNC_COLLECTIONS, checkpointQuery, type Checkpoint, type PullResponse, type PushRejection, type PushResponse, type PushRow, type StreamServerMessage, type SyncCollection, type SyncDoc, type TicketViewer } from './protocol';
import type { TandemDatabase } from './database';
import { AFTER_SNAPSHOT, assumedMasterRow, fromSnapshot, snapshotFresh } from './snapshot';

/** The earlier of two checkpoints (null is the very start). */
function earliest(a: Checkpoint | null, b: Checkpoint | null): Checkpoint | null {
  if (a === null || b === null) return null;
  if (a.rev !== b.rev) return a.rev < b.rev ? a : b;
  return a.id <= b.id ? a : b;
}

/** Every replicated document, whatever its collection: the session treats them alike. */
type Doc = SyncDoc;

/** What the UI shows about replication. */
export interface SyncStatus {
  /** online: the live stream is up; offline: the server cannot be reached; connecting: in between. */
  connection: 'online' | 'offline' | 'connecting';
  /** Documents pulled of the total during the first sync; null once caught up. */
  firstSync: { pulled: number; total: number } | null;
  /** Local changes not yet accepted by the server. */
  pending: number;
  /** The last error, with a sentence for the user; null when all is well. */
  error: { code: string; message: string } | null;
}

/** A local change the server refused, kept so the user can see it and redo it. */
export interface RejectedChange extends PushRejection {
  collection: SyncCollection;
  /** The document as the user wrote it. */
  attempted: SyncDoc;
  at: string;
}

export interface SyncAuth {
  /** The current access token. */
  accessToken(): string | null;
  /**
   * Gets a new access token (refresh); throws when the user must sign in again, or with an error
   * that `mustSignInAgain` does not recognise (no answer: `code: 'network'`, a TypeError from
   * fetch, a 5xx) when the server could not be reached, after which the session retries.
   */
  refresh(): Promise<string>;
}

/**
 * Whether a failed refresh ended the session (the server refused the token) rather than not
 * reaching the server: the first stops the session until the user signs in again, the second is
 * retried with backoff (a tray started offline refreshes only once the server is back).
 */
export function mustSignInAgain(err: unknown): boolean {
  if (err instanceof TypeError) return false;
  const { code, status } = (err ?? {}) as { code?: unknown; status?: unknown };
  if (code === 'network' || code === 'bad_response') return false;
  if (typeof status === 'number' && (status === 0 || status >= 500)) return false;
  return true;
}

/** Minimal WebSocket surface (the browser's, or `ws` in Node). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface SyncSessionOptions {
  db: TandemDatabase;
  serverUrl: string;
  auth: SyncAuth;
  WebSocket: new (url: string) => SocketLike;
  fetch?: typeof fetch;
  /** Documents per pull request. */
  pullBatchSize?: number;
  /** Longest wait between reconnection attempts. */
  maxBackoffMs?: number;
  /** Wait before a failed pull or push is tried again (RxDB's retryTime); default 2 s. */
  retryMs?: number;
  /** Replicate only these collections (they must be open in `db`); default all. */
  collections?: readonly SyncCollection[];
  /** Documents per page of a first-sync snapshot; default 5,000. */
  snapshotPageSize?: number;
  /** First sync of an empty collection by snapshot (default); false pulls page by page. */
  snapshot?: boolean;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const OFFLINE = { code: 'offline', message: 'You are offline. Changes are kept on this device and sent when the connection is back.' };

/**
 * Replicates one user's local RxDB with the server: a pull/push replication per collection fed by
 * one live WebSocket stream, with token refresh that never drops the replication, backoff while
 * the server is unreachable, and a status the UI can show. Refused writes are kept in `rejected$`.
 */
export class SyncSession {
  readonly status$: BehaviorSubject<SyncStatus>;
  readonly rejected$ = new BehaviorSubject<RejectedChange[]>([]);
  /** Who has the ticket this client is viewing open (see `viewing`); null while none or unknown. */
  readonly presence$ = new BehaviorSubject<{ ticketId: string; viewers: TicketViewer[] } | null>(null);
  private viewingTicket: string | null = null;
  readonly replications = new Map<SyncCollection, RxReplicationState<Doc, Checkpoint>>();
  private readonly streams = new Map<SyncCollection, Subject<RxReplicationPullStreamItem<Doc, Checkpoint>>>();
  /** Local writes not yet taken by the server: document key → the write's sequence number. */
  private readonly pending = new Map<string, number>();
  /**
   * Documents RxDB may still treat as locally changed: written here, or in a push (also a push of a
   * write left by an earlier run of the app), until the collection is next idle. A delivery of one
   * of them may be skipped by RxDB (see `noteDelivery`). Kept apart from `pending`, which the UI
   * shows and which empties as soon as the server answers, a moment before RxDB has stored the
   * answer.
   */
  private readonly unsettled = new Map<string, number>();
  private writeSeq = 0;
  private readonly settling = new Set<string>();
  private readonly resettle = new Set<SyncCollection>();
  /** The newest checkpoint handed to RxDB per collection (pulls and live changes). */
  private readonly lastCheckpoint = new Map<SyncCollection, Checkpoint | null>();
  /**
   * Where to pull from again, per collection, because a delivery after it carried a document with
   * an unpushed local write, which RxDB skips (see `rewindIfSkipped`).
   */
  private readonly rewindTo = new Map<SyncCollection, Checkpoint | null>();
  /** Collections asked to pull again whose pull has not started yet (see `resync`). */
  private readonly resyncWanted = new Set<SyncCollection>();
  private readonly resyncWatch = new Set<SyncCollection>();
  /** Ids of pulled pages RxDB has not written yet, per collection, oldest first (see `holdPullAhead`). */
  private readonly unwritten = new Map<SyncCollection, Set<string>[]>();
  private readonly subs: Subscription[] = [];
  private readonly fetchFn: typeof fetch;
  private socket: SocketLike | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private stopped = false;
  private totals = new Map<SyncCollection, number>();
  private pulledCounts = new Map<SyncCollection, number>();

  private readonly collections: readonly SyncCollection[];
  private refreshing: Promise<string> | null = null;
  /** Cancels the first-sync snapshots when the session stops. */
  private readonly aborter = new AbortController();
  /** Settles once the replications exist (the snapshot hooks wait for it). */
  private replicating!: () => void;
  private readonly replicated = new Promise<void>((r) => (this.replicating = r));
  private readonly hooks: { list: unknown[]; fn: unknown }[] = [];

  constructor(private readonly options: SyncSessionOptions) {
    this.fetchFn = options.fetch ?? fetch.bind(globalThis);
    this.collections = options.collections ?? SYNC_COLLECTIONS;
    this.status$ = new BehaviorSubject<SyncStatus>({ connection: 'connecting', firstSync: null, pending: 0, error: null });
  }

  /**
   * Starts replication of every collection and the live stream. A collection that holds nothing
   * yet is first filled from a snapshot (its progress in `status$.firstSync`), and replicates from
   * the snapshot's checkpoint.
   */
  async start(): Promise<void> {
    // Stopped before it began (the app closed the database meanwhile): touch nothing.
    if (this.stopped) return this.replicating();
    for (const c of this.collections) if ((PUSHABLE_COLLECTIONS as readonly SyncCollection[]).includes(c)) this.keepAssumedMaster(c);
    // A snapshot that fails for any reason leaves its collection to the pull (never a stuck start).
    const snapshots = this.options.snapshot === false ? new Map<SyncCollection, Checkpoint>() : await this.snapshotFresh().catch(() => new Map<SyncCollection, Checkpoint>());
    if (this.stopped) return this.replicating();
    for (const collection of this.collections) {
      const stream = new Subject<RxReplicationPullStreamItem<Doc, Checkpoint>>();
      this.streams.set(collection, stream);
      const rxCollection = this.options.db.collections[collection];
      const replication = replicateRxCollection<Doc, Checkpoint>({
        collection: rxCollection as unknown as RxCollection<Doc>,
        replicationIdentifier: this.replicationIdentifier(collection),
        live: true,
        retryTime: this.options.retryMs ?? 2_000,
        waitForLeadership: false,
        autoStart: true,
        pull: {
          batchSize: this.options.pullBatchSize ?? 1_000,
          handler: (checkpoint, batchSize) => this.pullPage(collection, checkpoint ?? null, batchSize),
          stream$: stream.asObservable(),
          ...(snapshots.has(collection) ? { initialCheckpoint: snapshots.get(collection) } : {}),
        },
        // Read-only collections replicate one way, which also spares RxDB its per-document
        // bookkeeping of the last known server state (it needs that only to push).
        ...((PUSHABLE_COLLECTIONS as readonly SyncCollection[]).includes(collection)
          ? {
              push: {
                batchSize: 100,
                handler: (rows: unknown[]) => this.pushRows(collection, rows as PushRow[]),
                // A new database's push starts after the snapshot's documents (never local writes).
                initialCheckpoint: AFTER_SNAPSHOT,
              },
            }
          : {}),
      });
      if (snapshots.has(collection)) this.lastCheckpoint.set(collection, snapshots.get(collection)!);
      this.subs.push(
        replication.error$.subscribe((err) => this.noteError(err)),
        // Local writes (not the replication's own) are pending until the server takes them.
        rxCollection.eventBulks$.pipe(filter((bulk) => !bulk.context.startsWith('replication'))).subscribe((bulk) => {
          for (const e of bulk.events) {
            const seq = ++this.writeSeq;
            this.pending.set(`${collection}:${e.documentId}`, seq);
            this.unsettled.set(`${collection}:${e.documentId}`, seq);
          }
          this.publishPending();
          this.settle(collection, replication);
        }),
        // Writes of pulled documents, to know how far RxDB's storage lags behind its pulls.
        rxCollection.eventBulks$.pipe(filter((bulk) => bulk.context.startsWith('replication-downstream'))).subscribe((bulk) => {
          this.noteWritten(collection, bulk.events.map((e) => e.documentId));
        }),
        replication.sent$.subscribe((doc) => {
          this.pending.delete(`${collection}:${doc.id}`);
          this.publishPending();
        }),
      );
      this.replications.set(collection, replication);
    }
    this.replicating();
    this.connect();
  }

  private replicationIdentifier(collection: SyncCollection): string {
    return `tandem:${collection}:${this.options.serverUrl}`;
  }

  /** The first sync's fast path (see ./snapshot.ts). */
  private snapshotFresh(): Promise<Map<SyncCollection, Checkpoint>> {
    const pageSize = this.options.snapshotPageSize ?? 5_000;
    return snapshotFresh({
      collections: this.collections,
      collectionOf: (c) => this.options.db.collections[c] as unknown as RxCollection,
      replicationIdentifier: (c) => this.replicationIdentifier(c),
      open: (c) => this.respond('GET', `/api/sync/${c}/snapshot?pageSize=${pageSize}`),
      onProgress: (firstSync) => this.setStatus({ firstSync }),
      onError: (_c, err) => {
        if (!this.stopped) this.noteError(err);
      },
    });
  }

  /**
   * Before a local edit of a document that came with the snapshot, stores its server state as
   * RxDB's pull would have, so the push sends the edit against it (see ./snapshot.ts).
   */
  private keepAssumedMaster(collection: SyncCollection): void {
    const rx = this.options.db.collections[collection] as unknown as RxCollection & { hooks: Record<string, Record<string, { series: unknown[] }>> };
    const hook = async (_data: unknown, before: unknown) => {
      const old = (before && typeof before === 'object' && '_data' in before ? (before as { _data: unknown })._data : before) as RxDocumentData<SyncDoc> | undefined;
      if (!old || !fromSnapshot(old) || this.stopped) return;
      await this.replicated;
      const replication = this.replications.get(collection);
      await replication?.startPromise;
      const meta = replication?.metaInstance;
      // A conflict means RxDB stored a newer state meanwhile: that one stands.
      if (meta) await meta.bulkWrite([assumedMasterRow(meta as never, old, this.options.db.token)] as never, 'replication-snapshot-meta');
    };
    for (const key of ['save', 'remove'] as const) {
      rx.addHook('pre', key, hook, false);
      const list = rx.hooks[key]!['pre']!.series;
      this.hooks.push({ list, fn: list.at(-1) });
    }
  }

  /** Resolves when every collection has pulled and pushed everything it knows of. */
  async inSync(): Promise<void> {
    await this.replicated;
    await Promise.all([...this.replications.values()].map((r) => r.awaitInSync()));
  }

  /** Stops the stream and replication; local data stays. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.aborter.abort();
    for (const { list, fn } of this.hooks.splice(0)) list.splice(list.indexOf(fn) >>> 0, 1);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.close(1000, 'stopped');
    this.socket = null;
    for (const s of this.subs) s.unsubscribe();
    await Promise.all([...this.replications.values()].map((r) => this.cancelWhenIdle(r)));
    for (const s of this.streams.values()) s.complete();
  }

  /**
   * Cancels a replication once it is idle, waiting at most a second. RxDB 17 holds a live change
   * that arrives during a push until the push is done (`firstValueFrom(active.up…)` in its
   * downstream); cancelling in between completes that subject and the wait rejects with rxjs'
   * EmptyError, unhandled — seen as a page error on sign-out in the console's e2e tests. The same
   * happens to a replication cancelled before its upstream listens (see `upstreamListening`).
   */
  private async cancelWhenIdle(replication: RxReplicationState<Doc, Checkpoint>): Promise<void> {
    await upstreamListening(replication);
    const idle = firstValueFrom(replication.active$.pipe(filter((active) => !active))).catch(() => undefined);
    await Promise.race([idle, new Promise((r) => setTimeout(r, 1_000))]);
    await replication.cancel();
  }

  /** The stream of one collection's changes as RxDB sees them (for tests and diagnostics). */
  changes(collection: SyncCollection): Observable<SyncDoc[]> {
    return this.streams.get(collection)!.pipe(
      filter((i): i is { documents: Doc[]; checkpoint: Checkpoint } => i !== 'RESYNC'),
      map((i) => i.documents as SyncDoc[]),
    );
  }

  /**
   * Tells the server which ticket this client has open (null: none), for "who else is viewing".
   * Kept and sent again after every reconnect; works only for staff on tickets they may see.
   */
  viewing(ticketId: string | null): void {
    if (ticketId === this.viewingTicket) return;
    this.viewingTicket = ticketId;
    this.presence$.next(null);
    this.sendViewing();
  }

  private streamReady = false;

  private sendViewing(): void {
    if (!this.streamReady || !this.socket || this.socket.readyState !== 1) return;
    this.socket.send(JSON.stringify({ type: 'viewing', ticketId: this.viewingTicket }));
  }

  /** Forget refused changes the user has seen. */
  dismissRejected(): void {
    this.rejected$.next([]);
  }

  /** One refresh at a time: a refresh token works once, so parallel refreshes would sign us out. */
  private refreshToken(): Promise<string> {
    this.refreshing ??= this.options.auth.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  // ---- HTTP ----

  /** An authenticated request (refreshing the token once on 401); throws HttpError unless 2xx. */
  private async respond(method: 'GET' | 'POST', path: string, body?: unknown, retried = false): Promise<Response> {
    const token = this.options.auth.accessToken();
    let res: Response;
    try {
      res = await this.fetchFn(new URL(path, this.options.serverUrl), {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: this.aborter.signal,
      });
    } catch (err) {
      if (!this.stopped) this.setStatus({ connection: 'offline', error: OFFLINE });
      throw err;
    }
    if (res.status === 401 && !retried) {
      await res.body?.cancel().catch(() => {});
      // Another request may have refreshed meanwhile; only refresh if our token is still current.
      if (this.options.auth.accessToken() === token) await this.refreshToken();
      return this.respond(method, path, body, true);
    }
    // An answer means the server is reachable again; with the live stream still up (a network
    // that dropped requests but not the socket), nothing else would say so.
    if (this.status$.value.connection === 'offline' && this.socket?.readyState === 1) {
      this.setStatus({ connection: 'online', error: this.status$.value.error?.code === OFFLINE.code ? null : this.status$.value.error });
    }
    if (!res.ok) {
      const data = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      const code = data?.error?.code ?? 'http_error';
      const message = data?.error?.message ?? `The server answered ${res.status}.`;
      throw new HttpError(res.status, code, message);
    }
    return res;
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await this.respond(method, path, body);
    return (await res.json()) as T;
  }

  /**
   * Asks RxDB to pull from its checkpoint, until it does. RxDB 17's downstream loses a RESYNC
   * queued right behind a live change (replication-protocol/downstream.ts `addNewTask`: the RESYNC
   * is taken off the queue and dropped when changes came first), so a RESYNC counts as served only
   * once a pull has started after it; until then it is asked again each time the collection is idle.
   * Found by tests/integration/sync-convergence.test.ts (a client kept a change missed while it was
   * offline, or a skipped delivery was never pulled again).
   */
  private resync(collection: SyncCollection): void {
    this.resyncWanted.add(collection);
    this.streams.get(collection)?.next('RESYNC');
    if (this.resyncWatch.has(collection)) return;
    const replication = this.replications.get(collection);
    if (!replication) return;
    this.resyncWatch.add(collection);
    const watch = async () => {
      while (!this.stopped && this.resyncWanted.has(collection)) {
        await new Promise((r) => setTimeout(r, 20));
        await replication.awaitInSync();
        if (!this.stopped && this.resyncWanted.has(collection)) this.streams.get(collection)?.next('RESYNC');
      }
    };
    watch()
      .catch(() => {})
      .finally(() => this.resyncWatch.delete(collection));
  }

  private async pullPage(collection: SyncCollection, asked: Checkpoint | null, batchSize: number) {
    this.resyncWanted.delete(collection);
    // After a skipped delivery, pull again from before it (the checkpoint RxDB holds is past it).
    const rewind = this.rewindTo.get(collection);
    // Never pull from later than RxDB asked: it drops live changes queued before a pull starts,
    // trusting the pull to bring them.
    const checkpoint = rewind === undefined ? asked : earliest(rewind, asked);
    await this.holdPullAhead(collection);
    const qs = new URLSearchParams({ limit: String(batchSize), ...checkpointQuery(checkpoint) });
    const page = await this.request<PullResponse & { total?: number }>('GET', `/api/sync/${collection}/pull?${qs}`);
    // Only a full page has more right behind it (a backlog RxDB may fall behind on); a short one
    // ends the pull loop, and pages whose documents RxDB had no need to write (unchanged, or held
    // back for a local write) would otherwise stay "unwritten" and hold every later pull, live
    // ones included, for the full wait (bench/sync-live.bench.ts: 2 s on a client that pushes).
    if (page.documents.length >= batchSize) {
      const pages = this.unwritten.get(collection) ?? [];
      pages.push(new Set(page.documents.map((d) => d.id)));
      this.unwritten.set(collection, pages);
    } else this.unwritten.delete(collection);
    // Only a pull that got through has served the rewind (a failed one is retried from RxDB's).
    if (rewind !== undefined && this.rewindTo.get(collection) === rewind) this.rewindTo.delete(collection);
    this.trackFirstSync(collection, checkpoint, page);
    this.noteDelivery(collection, checkpoint, page.documents);
    // RxDB merges a new checkpoint into the stored one (Object.assign), so a finished re-scan must
    // say `scan: null` out loud or the old scan position would live on.
    const next = page.checkpoint ? { ...page.checkpoint, scan: page.checkpoint.scan ?? null } : null;
    if (next) this.lastCheckpoint.set(collection, next);
    return { documents: page.documents as Doc[], checkpoint: next ?? checkpoint ?? undefined };
  }

  /**
   * RxDB's pull loop fetches the next page without waiting for the last one to be written, then
   * writes the backlog in one ever-growing IndexedDB transaction, which gets slower the more it
   * holds (bench/sync-first.bench.ts measured a first sync twice as fast with this hold). So a pull
   * waits while more than two earlier pages are still unwritten; a page whose documents RxDB had no
   * need to write (unchanged) is let go after a short wait.
   */
  private async holdPullAhead(collection: SyncCollection): Promise<void> {
    const deadline = Date.now() + 2_000;
    while (!this.stopped && (this.unwritten.get(collection)?.length ?? 0) > 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const pages = this.unwritten.get(collection);
    if (pages && pages.length > 2) pages.splice(0, pages.length - 2);
  }

  private noteWritten(collection: SyncCollection, ids: readonly string[]): void {
    const pages = this.unwritten.get(collection);
    if (!pages) return;
    for (const page of pages) for (const id of ids) page.delete(id);
    while (pages.length && pages[0]!.size === 0) pages.shift();
  }

  /**
   * RxDB skips a server state that arrives for a document with an unpushed (or in-flight) local
   * write, trusting the push's answer to bring the server's state; but that answer can predate the
   * delivery, and the checkpoint has moved past it, so the change would never come again. Such a
   * delivery is remembered, and once the collection's pushes are answered it is pulled again from
   * the checkpoint before it. Found by tests/integration/sync-convergence.test.ts.
   */
  private noteDelivery(collection: SyncCollection, before: Checkpoint | null, documents: readonly SyncDoc[]): void {
    if (!documents.some((d) => this.unsettled.has(`${collection}:${d.id}`))) return;
    const earlier = this.rewindTo.get(collection);
    // Keep the earliest point (null is the very start).
    if (earlier === undefined || (earlier !== null && (before === null || before.rev < earlier.rev))) this.rewindTo.set(collection, before);
    this.rewindIfSkipped(collection);
  }

  /** Once nothing of the collection is pending and RxDB is idle, pulls again from the rewind point. */
  private rewindIfSkipped(collection: SyncCollection): void {
    if (this.stopped || !this.rewindTo.has(collection) || this.settling.has(`rewind:${collection}`)) return;
    const replication = this.replications.get(collection);
    if (!replication) return;
    this.settling.add(`rewind:${collection}`);
    const attempt = async (): Promise<void> => {
      while (!this.stopped && [...this.unsettled.keys()].some((k) => k.startsWith(`${collection}:`))) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await replication.awaitInSync();
    };
    attempt()
      .catch(() => {})
      .finally(() => {
        this.settling.delete(`rewind:${collection}`);
        if (!this.stopped && this.rewindTo.has(collection)) this.resync(collection);
      });
  }

  private async pushRows(collection: SyncCollection, rows: PushRow[]): Promise<Doc[]> {
    const startedAt = this.writeSeq;
    // A pushed document stays unsettled until RxDB has stored the answer, even one written by an
    // earlier run of the app (killed before the answer came), which this session never saw written.
    for (const row of rows) this.unsettled.set(`${collection}:${row.newDocumentState.id}`, ++this.writeSeq);
    const replication = this.replications.get(collection);
    let res: PushResponse;
    try {
      res = await this.request<PushResponse>('POST', `/api/sync/${collection}/push`, { rows });
    } finally {
      if (replication) this.settle(collection, replication);
    }
    // The server has taken (or answered) every row: those written before this push are no longer
    // pending; a write made during the push stays pending for the next one.
    for (const row of rows) {
      const key = `${collection}:${row.newDocumentState.id}`;
      if ((this.pending.get(key) ?? Infinity) <= startedAt) this.pending.delete(key);
    }
    this.publishPending();
    if (res.rejections.length) {
      const at = new Date().toISOString();
      const byId = new Map(rows.map((r) => [r.newDocumentState.id, r.newDocumentState]));
      this.rejected$.next([
        ...this.rejected$.value,
        ...res.rejections.map((r) => ({ ...r, collection, attempted: byId.get(r.id)!, at })),
      ]);
      for (const r of res.rejections) this.pending.delete(`${collection}:${r.id}`);
      this.publishPending();
      const first = res.rejections[0]!;
      this.setStatus({ error: { code: first.code, message: `A change was not saved: ${first.message}` } });
    }
    return res.conflicts;
  }

  // ---- live stream ----

  private connect(): void {
    if (this.stopped) return;
    this.setStatus({ connection: this.status$.value.connection === 'online' ? 'connecting' : this.status$.value.connection });
    const url = new URL('/api/sync/stream', this.options.serverUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new this.options.WebSocket(url.toString());
    this.socket = socket;
    socket.onopen = () => this.sendAuth();
    socket.onmessage = (ev) => this.onStreamMessage(String(ev.data));
    socket.onerror = () => {};
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.streamReady = false;
      if (this.presence$.value) this.presence$.next(null);
      if (this.stopped) return;
      if (ev.code === 4401) {
        // Token or session ended: refresh, then come back; a refused refresh means sign in again,
        // one that did not reach the server is tried again with backoff.
        this.refreshToken().then(
          () => this.scheduleReconnect(true),
          (err: unknown) => {
            if (this.stopped) return;
            if (mustSignInAgain(err)) {
              this.setStatus({ connection: 'offline', error: { code: 'unauthenticated', message: err instanceof Error ? err.message : 'Sign in again.' } });
            } else {
              this.setStatus({ connection: 'offline', error: OFFLINE });
              this.scheduleReconnect(false);
            }
          },
        );
        return;
      }
      this.setStatus({ connection: 'offline', error: this.status$.value.error ?? OFFLINE });
      this.scheduleReconnect(false);
    };
  }

  private scheduleReconnect(immediate: boolean): void {
    if (this.stopped || this.reconnectTimer) return;
    this.attempts += 1;
    const delay = immediate ? 0 : Math.min(250 * 2 ** Math.min(this.attempts, 10), this.options.maxBackoffMs ?? 30_000);
    const jittered = delay * (0.5 + Math.random() / 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, jittered);
  }

  private sendAuth(): void {
    const token = this.options.auth.accessToken();
    if (!token) {
      // Without a token (a tray started offline) the socket waits for a refresh; one that could
      // not reach the server closes it as a dropped connection, so it reconnects with backoff.
      this.refreshToken().then(
        () => this.sendAuth(),
        (err: unknown) => this.socket?.close(mustSignInAgain(err) ? 4401 : 4000, 'no token'),
      );
      return;
    }
    if (this.socket && this.socket.readyState === 1) this.socket.send(JSON.stringify({ type: 'auth', accessToken: token }));
  }

  private onStreamMessage(raw: string): void {
    let message: StreamServerMessage;
    try {
      message = JSON.parse(raw) as StreamServerMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case 'ready':
        this.attempts = 0;
        this.streamReady = true;
        if (this.viewingTicket) this.sendViewing();
        this.setStatus({ connection: 'online', error: null });
        // Anything may have changed while we were away: pull from each checkpoint.
        for (const c of this.streams.keys()) this.resync(c);
        break;
      case 'changes':
        this.noteDelivery(message.collection, this.lastCheckpoint.get(message.collection) ?? null, message.documents);
        {
          const next = { ...message.checkpoint, scan: null };
          this.lastCheckpoint.set(message.collection, next);
          this.streams.get(message.collection)?.next({ documents: message.documents as Doc[], checkpoint: next });
        }
        break;
      case 'resync':
        for (const c of this.streams.keys()) this.resync(c);
        break;
      case 'presence':
        if (message.ticketId === this.viewingTicket) this.presence$.next({ ticketId: message.ticketId, viewers: message.viewers });
        break;
      case 'auth_expired':
        this.refreshToken().then(
          () => this.sendAuth(),
          () => {},
        );
        break;
      case 'error':
        this.setStatus({ error: { code: message.code, message: message.message } });
        break;
    }
  }

  // ---- status ----

  private trackFirstSync(collection: SyncCollection, checkpoint: Checkpoint | null, page: PullResponse & { total?: number }): void {
    if (checkpoint === null && page.total !== undefined) this.totals.set(collection, page.total);
    if (!this.totals.has(collection)) return;
    this.pulledCounts.set(collection, (this.pulledCounts.get(collection) ?? 0) + page.documents.length);
    const total = [...this.totals.values()].reduce((a, b) => a + b, 0);
    const pulled = [...this.totals.keys()].reduce((a, c) => a + Math.min(this.pulledCounts.get(c) ?? 0, this.totals.get(c)!), 0);
    const done = page.documents.length === 0 || pulled >= total;
    this.setStatus({ firstSync: done && this.totals.size === this.collections.length ? null : { pulled, total } });
  }

  /**
   * A local write that leaves a document as the server last sent it (P3 → P4 → P3 before the
   * push, or a patch that changes nothing) is never pushed, so `sent$` never reports it and it would
   * stay pending for ever: once the collection is in sync, writes made before are no longer pending.
   * Found by tests/integration/sync-convergence.test.ts.
   */
  private settle(collection: SyncCollection, replication: RxReplicationState<Doc, Checkpoint>): void {
    if (this.settling.has(collection)) {
      this.resettle.add(collection);
      return;
    }
    this.settling.add(collection);
    const upTo = this.writeSeq;
    replication
      .awaitInSync()
      .then(() => {
        for (const [key, seq] of this.pending) if (seq <= upTo && key.startsWith(`${collection}:`)) this.pending.delete(key);
        for (const [key, seq] of this.unsettled) if (seq <= upTo && key.startsWith(`${collection}:`)) this.unsettled.delete(key);
        this.publishPending();
      })
      .catch(() => {})
      .finally(() => {
        this.settling.delete(collection);
        if (!this.stopped && this.resettle.delete(collection)) this.settle(collection, replication);
      });
  }

  private publishPending(): void {
    if (this.status$.value.pending !== this.pending.size) this.setStatus({ pending: this.pending.size });
  }

  private noteError(err: unknown): void {
    const cause = (err as { parameters?: { errors?: unknown[] } }).parameters?.errors?.[0] ?? err;
    if (cause instanceof HttpError) this.setStatus({ error: { code: cause.code, message: cause.message } });
    else if (this.status$.value.connection !== 'offline') this.setStatus({ error: { code: 'sync_failed', message: 'Syncing failed; retrying.' } });
  }

  private setStatus(patch: Partial<SyncStatus>): void {
    const next = { ...this.status$.value, ...patch };
    if (!deepEqual(next, this.status$.value)) this.status$.next(next);
  }
}

/**
 * Resolves once RxDB's upstream of a replication listens for its cancel (at most 2 s). Given a
 * starting checkpoint (every pushable collection here), the upstream first reads (and perhaps
 * writes) it and only then subscribes to `canceled` with `firstValueFrom`; a cancel in between
 * completes that subject first, and the wait rejects with rxjs' EmptyError that nothing catches:
 * four page errors, one per pushable collection, on a sign-out right after sign-in. The upstream
 * listens from the moment it replaces its stream queue's first promise.
 */
async function upstreamListening(replication: RxReplicationState<Doc, Checkpoint>): Promise<void> {
  const deadline = Date.now() + 2_000;
  await Promise.race([replication.startPromise, new Promise((r) => setTimeout(r, 2_000))]);
  const state = replication.internalReplicationState;
  while (state && state.streamQueue.up === PROMISE_RESOLVE_VOID && !state.events.canceled.getValue() && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
}
