import type { RxCollection, RxDocumentData, RxStorageInstance } from 'rxdb';
import { getComposedPrimaryKeyOfDocumentData, now } from 'rxdb';
import type { Checkpoint, SnapshotLine, SyncCollection, SyncDoc } from './protocol';

/**
 * The first sync's fast path, client side: a snapshot of a collection written straight into RxDB's
 * storage in large batches, skipping the replication's per-document bookkeeping, then handed to
 * live replication by its checkpoint.
 *
 * A document written here carries what RxDB's own pull would have left on it, so RxDB treats it
 * as a server state: `_meta.o` marks it as written by the replication (a later server change
 * replaces it), and `_meta.lwt` is `SNAPSHOT_LWT`, below any real write time, so the push starts
 * after every snapshot document (`AFTER_SNAPSHOT`) instead of sending them all back. What RxDB
 * would also have stored, each document's last known server state (needed to push a local edit
 * of it as a field-by-field change), is written only for the documents a user edits, just before
 * the edit (`assumedMasterRow`).
 */

/** The write time of every snapshot document (RxDB's lowest). */
export const SNAPSHOT_LWT = 1;

/**
 * RxDB's push checkpoint (the storage's `{ id, lwt }`) after every snapshot document and before any
 * real write. Not `{ lwt: 1, id: max }`: RxDB's query for changes since a checkpoint walks the
 * `lwt` index from the checkpoint's `lwt` on, so that one would read every snapshot document.
 */
export const AFTER_SNAPSHOT = { id: '', lwt: SNAPSHOT_LWT + 0.01 } as const;

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

/**
 * Writes a snapshot's pages into the collection's storage, one bulk write per page while the next
 * page is read and parsed. Returns the checkpoint to replicate from, or null when the stream ended
 * early (what was written stays: each document is a server state RxDB will bring up to date).
 * A document written locally meanwhile is kept (the storage answers a conflict; the push sends it).
 */
export async function writeSnapshot(lines: AsyncIterable<SnapshotLine>, target: SnapshotTarget): Promise<Checkpoint | null> {
  const { collection } = target;
  // The storage without RxDB's wrapper, which would stamp its own write time and revision.
  const storage = (collection as unknown as { internalStorageInstance: RxStorageInstance<SyncDoc, unknown, unknown> }).internalStorageInstance;
  const rev = `1-${collection.database.token}`;
  const meta = { lwt: SNAPSHOT_LWT, o: { _rev: 1, hash: target.identifierHash } };
  let writing: Promise<void> = Promise.resolve();
  let end: Checkpoint | null = null;
  const write = async (documents: SyncDoc[]) => {
    const rows = documents.map((d) => ({ document: { ...d, _meta: meta, _rev: rev, _attachments: {} } as RxDocumentData<SyncDoc> }));
    const result = await collection.database.lockedRun(() => storage.bulkWrite(rows, SNAPSHOT_CONTEXT));
    const failed = result.error.find((e) => e.status !== 409);
    if (failed) throw new Error(`The local database refused a synced document (${failed.status}).`);
    target.onPage(documents.length);
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
