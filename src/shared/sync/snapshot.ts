import type { Subject } from 'rxjs';
import type { EventBulk, RxCollection, RxDocumentData, RxStorageChangeEvent, RxStorageInstance } from 'rxdb';
import { getComposedPrimaryKeyOfDocumentData, now } from 'rxdb';
import { RxStorageInstanceDexie, fromStorageToDexie } from 'rxdb/plugins/storage-dexie';
import { randomToken } from 'rxdb/plugins/utils';
import type { Checkpoint, SnapshotLine, SyncCollection, SyncDoc } from './protocol';

/**
 * The first sync's fast path, client side: a snapshot of a collection written straight into RxDB's
 * storage in large batches, skipping the replication's per-document bookkeeping, then handed to
 * live replication by its checkpoint.
 *
 * A document written here carries what RxDB's own pull would have left on it, so RxDB treats it
 * as a server state: `_meta.o` marks it as written by the replication (a later server change
 * replaces it), and `_meta.lwt` is below any real write time (`SNAPSHOT_LWT` up to
 * `SNAPSHOT_LWT_END`), so the push starts after every snapshot document (`AFTER_SNAPSHOT`) instead
 * of sending them all back. What RxDB would also have stored, each document's last known server
 * state (needed to push a local edit of it as a field-by-field change), is written only for the
 * documents a user edits, just before the edit (`assumedMasterRow`).
 *
 * Each snapshot document gets a write time of its own (1, 2, 3… in the order written). RxDB reads
 * a collection's changes in pages ordered by `(lwt, id)` from a checkpoint, and its query starts
 * at the checkpoint's `lwt`, skipping the documents of that same `lwt` one by one: with one write
 * time shared by every snapshot document, each page of a read-only collection's first upstream
 * pass (RxDB makes one even without a push) walked from the first document again, quadratic in
 * the collection's size (bench/sync-first.bench.ts: 5,000 users took minutes).
 */

/** The write time of the first snapshot document (RxDB's lowest). */
export const SNAPSHOT_LWT = 1;

/**
 * Above the write time of every snapshot document and below any real one (a Unix time in ms; 1e9
 * is January 1970). An integer, as RxDB's schema wants multiples of 0.01.
 */
export const SNAPSHOT_LWT_END = 1e9;

/**
 * RxDB's push checkpoint (the storage's `{ id, lwt }`) after every snapshot document and before any
 * real write: RxDB's query for changes since a checkpoint walks the `lwt` index from the
 * checkpoint's `lwt` on, so it reads no snapshot document.
 */
export const AFTER_SNAPSHOT = { id: '', lwt: SNAPSHOT_LWT_END } as const;

/** Whether a stored document is as a snapshot wrote it (never written locally or by a pull since). */
export function fromSnapshot(doc: { _meta?: { lwt?: unknown } } | undefined): boolean {
  const lwt = doc?._meta?.lwt;
  return typeof lwt === 'number' && lwt < SNAPSHOT_LWT_END;
}

/** The bulkWrite context of snapshot writes: RxDB and the session treat `replication*` as not local. */
export const SNAPSHOT_CONTEXT = 'replication-snapshot';

/**
 * The lines of an NDJSON snapshot, parsed as they arrive. A line (a page) spans many network
 * chunks: each chunk is searched for the end of the line once, and the pieces joined once.
 */
export async function* snapshotLines(body: ReadableStream<Uint8Array>): AsyncGenerator<SnapshotLine> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pieces: string[] = [];
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      let chunk = done ? decoder.decode() : decoder.decode(value, { stream: true });
      let end = chunk.indexOf('\n');
      while (end >= 0) {
        pieces.push(chunk.slice(0, end));
        const text = pieces.join('');
        pieces = [];
        chunk = chunk.slice(end + 1);
        if (text.trim()) yield JSON.parse(text) as SnapshotLine;
        end = chunk.indexOf('\n');
      }
      if (chunk) pieces.push(chunk);
      if (done) break;
    }
    finished = true;
    const rest = pieces.join('');
    if (rest.trim()) yield JSON.parse(rest) as SnapshotLine;
  } finally {
    // Left early (an error, or the caller stopped): let the connection go rather than hold it.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

export interface SnapshotTarget {
  collection: RxCollection;
  /** RxDB's hash of the replication's identifier (`_meta.o.hash` of documents it pulled). */
  identifierHash: string;
  onTotal(total: number): void;
  onPage(documents: number): void;
}

/** Writes one page of snapshot documents (in RxDB's storage form); answers those it wrote. */
type PageWriter = (documents: RxDocumentData<SyncDoc>[]) => Promise<RxDocumentData<SyncDoc>[]>;

/**
 * The page writer for RxDB's Dexie storage: one Dexie `bulkAdd` into the table RxDB made for the
 * collection, then the change events RxDB's own write would have sent (its document cache, queries
 * and the console's search follow them). RxDB's `bulkWrite` would first read every id back to find
 * conflicts and check each row; on a collection that held nothing that is wasted work, so here a
 * document already stored (written locally meanwhile) just fails its add and is kept. A storage
 * wrapped by RxDB's validation plugin is still this class (the plugin replaces `bulkWrite` on the
 * instance), and snapshot documents skip that check: they are the documents a pull delivers, whose
 * writes are checked.
 */
async function dexieWriter(storage: RxStorageInstanceDexie<SyncDoc>): Promise<PageWriter> {
  const { dexieDb, dexieTable, booleanIndexes } = await storage.internals;
  const changes = (storage as unknown as { changes$: Subject<EventBulk<RxStorageChangeEvent<RxDocumentData<SyncDoc>>, unknown>> }).changes$;
  const toRow = dexieRows(booleanIndexes);
  return async (documents) => {
    const rows = documents.map(toRow);
    const kept = new Set<number>();
    await dexieDb.transaction('rw', dexieTable, async () => {
      try {
        await dexieTable.bulkAdd(rows);
      } catch (err) {
        // Dexie's BulkError: the other rows were added; only "already there" is expected.
        const failures = (err as { failuresByPos?: Record<string, { name?: string } | undefined> }).failuresByPos;
        if (!failures) throw err;
        for (const [pos, failure] of Object.entries(failures)) {
          if (failure?.name !== 'ConstraintError') throw err;
          kept.add(Number(pos));
        }
      }
    });
    const written = kept.size ? documents.filter((_, i) => !kept.has(i)) : documents;
    const last = written.at(-1);
    if (last) {
      changes.next({
        id: randomToken(10),
        events: written.map((d) => ({ documentId: d.id, operation: 'INSERT', documentData: d, previousDocumentData: undefined })),
        checkpoint: { id: last.id, lwt: last._meta.lwt },
        context: SNAPSHOT_CONTEXT,
      });
    }
    return written;
  };
}

/**
 * RxDB's `fromStorageToDexie` for a whole page, without its cost where it changes nothing. RxDB
 * rebuilds every object of every document to rename keys that start with `|` (the key-compression
 * plugin's, which IndexedDB cannot index) and then stores booleans that are indexed as '1'/'0'.
 * Synced documents have no such keys, so a row here is a shallow copy with those booleans set;
 * a document that has one (or a schema whose boolean index is nested) goes through RxDB's own
 * conversion. The rows are equal either way (snapshot.test.ts checks it against RxDB's), and
 * sharing nested objects with the document is safe: IndexedDB stores a clone.
 */
export function dexieRows(booleanIndexes: readonly string[]): (doc: RxDocumentData<SyncDoc>) => unknown {
  const topLevel = booleanIndexes.every((i) => !i.includes('.') && !i.startsWith('|'));
  return (doc) => {
    if (!topLevel || hasPipeKey(doc)) return fromStorageToDexie([...booleanIndexes], doc);
    const row: Record<string, unknown> = { ...doc };
    for (const field of booleanIndexes) row[field] = (doc as Record<string, unknown>)[field] ? '1' : '0';
    return row;
  };
}

/** Whether any key, at any depth, is one RxDB's Dexie storage renames (a part starting with `|`). */
function hasPipeKey(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object' && hasPipeKey(item)) return true;
    return false;
  }
  for (const key of Object.keys(value as object)) {
    if (key.charCodeAt(0) === 124 || key.includes('.|')) return true;
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && typeof v === 'object' && hasPipeKey(v)) return true;
  }
  return false;
}

/** Any other storage: its own bulk write, a conflict (a document written meanwhile) kept. */
function bulkWriter(storage: RxStorageInstance<SyncDoc, unknown, unknown>): PageWriter {
  return async (documents) => {
    const result = await storage.bulkWrite(
      documents.map((document) => ({ document })),
      SNAPSHOT_CONTEXT,
    );
    const failed = result.error.find((e) => e.status !== 409);
    if (failed) throw new Error(`The local database refused a synced document (${failed.status}).`);
    if (!result.error.length) return documents;
    const conflicts = new Set(result.error.map((e) => e.documentId));
    return documents.filter((d) => !conflicts.has(d.id));
  };
}

/**
 * Writes a snapshot's pages into the collection's storage, one bulk write per page while the next
 * page is read and parsed. Returns the checkpoint to replicate from, or null when the stream ended
 * early (what was written stays: each document is a server state RxDB will bring up to date).
 * A document written locally meanwhile is kept (the push sends it).
 */
export async function writeSnapshot(lines: AsyncIterable<SnapshotLine>, target: SnapshotTarget): Promise<Checkpoint | null> {
  const { collection } = target;
  // The storage without RxDB's wrapper, which would stamp its own write time and revision.
  const storage = (collection as unknown as { internalStorageInstance: RxStorageInstance<SyncDoc, unknown, unknown> }).internalStorageInstance;
  const writePage = storage instanceof RxStorageInstanceDexie ? await dexieWriter(storage as RxStorageInstanceDexie<SyncDoc>) : bulkWriter(storage);
  const rev = `1-${collection.database.token}`;
  const origin = { _rev: 1, hash: target.identifierHash };
  let lwt = SNAPSHOT_LWT;
  let writing: Promise<void> = Promise.resolve();
  let end: Checkpoint | null = null;
  const write = async (page: SyncDoc[]) => {
    const documents = page.map((d) => {
      const doc = { ...d, _meta: { lwt, o: origin }, _rev: rev, _attachments: {}, _deleted: false } as RxDocumentData<SyncDoc>;
      if (lwt < SNAPSHOT_LWT_END - 1) lwt += 1;
      return doc;
    });
    await collection.database.lockedRun(() => writePage(documents));
    target.onPage(page.length);
  };
  try {
    for await (const line of lines) {
      if (line.type === 'start') target.onTotal(line.total);
      else if (line.type === 'page') {
        await writing;
        writing = write(line.documents);
      } else end = line.checkpoint;
    }
    await writing;
    return end;
  } catch (err) {
    await writing.catch(() => {});
    throw err;
  }
}

/**
 * RxDB's record of the last known server state of a snapshot document, as its pull would have
 * written it (replication-protocol/meta-instance.ts `getMetaWriteRow`): written before the
 * document's first local edit so the push sends that edit against the state the user saw.
 */
export function assumedMasterRow(metaInstance: RxStorageInstance<unknown, unknown, unknown>, doc: RxDocumentData<SyncDoc>, token: string) {
  const { _meta: _m, _rev: _r, _attachments: _a, ...docData } = doc;
  const itemId = doc.id;
  return {
    document: {
      id: getComposedPrimaryKeyOfDocumentData(metaInstance.schema as never, { itemId, isCheckpoint: '0' } as never),
      isCheckpoint: '0',
      itemId,
      docData,
      _attachments: {},
      _deleted: false,
      _rev: `1-${token}`,
      _meta: { lwt: now() },
    },
  };
}

/** What `snapshotFresh` needs from its session. */
export interface FreshSyncOptions {
  collections: readonly SyncCollection[];
  collectionOf(c: SyncCollection): RxCollection;
  /** RxDB's replication identifier of a collection (see `replicateRxCollection`). */
  replicationIdentifier(c: SyncCollection): string;
  /** The snapshot's response, authenticated; throws when the server cannot be reached. */
  open(c: SyncCollection): Promise<Response>;
  /** Documents written of the total, across collections; null once done. */
  onProgress(progress: { pulled: number; total: number } | null): void;
  /** Told when a snapshot failed (that collection then replicates from the start). */
  onError(c: SyncCollection, err: unknown): void;
}

/**
 * Takes a snapshot of every collection that holds nothing yet, in parallel. Returns the checkpoint
 * each one's replication starts from; a collection without one (it held documents, or its
 * snapshot failed) replicates as before.
 */
export async function snapshotFresh(o: FreshSyncOptions): Promise<Map<SyncCollection, Checkpoint>> {
  const fresh: SyncCollection[] = [];
  for (const c of o.collections) if ((await o.collectionOf(c).count().exec()) === 0) fresh.push(c);
  const totals = new Map<SyncCollection, number>();
  let pulled = 0;
  const report = () => o.onProgress({ pulled, total: [...totals.values()].reduce((a, b) => a + b, 0) });
  const checkpoints = new Map<SyncCollection, Checkpoint>();
  await Promise.all(
    fresh.map(async (c) => {
      try {
        const collection = o.collectionOf(c);
        const identifierHash = await collection.database.hashFunction(`rxdbreplication${o.replicationIdentifier(c)}`);
        const res = await o.open(c);
        if (!res.body) throw new Error('The server sent an empty snapshot.');
        const checkpoint = await writeSnapshot(snapshotLines(res.body), {
          collection,
          identifierHash,
          onTotal: (n) => {
            totals.set(c, n);
            report();
          },
          onPage: (n) => {
            pulled += n;
            report();
          },
        });
        if (checkpoint) checkpoints.set(c, checkpoint);
      } catch (err) {
        o.onError(c, err);
      }
    }),
  );
  if (fresh.length) o.onProgress(null);
  return checkpoints;
}
