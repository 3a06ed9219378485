import type { Kysely } from 'kysely';
import type { Actor } from '../../shared/domain/user';
import type { Checkpoint, SnapshotLine, SyncCollection } from '../../shared/sync/protocol';
import type { Database } from '../store/schema';
import { currentRev, END_OF_REV } from './pull';
import { SOURCES, documentsFor } from './sources';

/**
 * The first page is small and each next one larger, up to the page size asked for: the client,
 * whose writes are the slower side, gets its first documents after a short query instead of
 * waiting idle for a full page of every collection at once.
 */
const FIRST_PAGE = 500;
const PAGE_GROWTH = 4;

/** The row limit of each page in turn for a snapshot asked for in pages of `pageSize`. */
export function* pageLimits(pageSize: number): Generator<number, never> {
  let limit = Math.min(pageSize, FIRST_PAGE);
  for (;;) {
    yield limit;
    limit = Math.min(pageSize, limit * PAGE_GROWTH);
  }
}

/**
 * A fresh client's whole collection, page by page, as NDJSON lines: a pull from the start bounded
 * by the clock read first. Each page is read with the same source query and the same per-reader
 * delivery as `pull()` (so the scope is the pull's), only without tombstones: a fresh client holds
 * nothing to drop. A row changed after the clock read leaves the range (its rev moves past the
 * clock) and comes with the pull from the final checkpoint, so the snapshot plus that pull miss
 * nothing.
 */
export async function* snapshotLines(db: Kysely<Database>, actor: Actor, collection: SyncCollection, pageSize: number): AsyncGenerator<string> {
  const clock = await currentRev(db);
  const source = SOURCES[collection];
  yield line({ type: 'start', total: await source.count(db, actor) });
  let after: Checkpoint | null = null;
  let count = 0;
  const limits = pageLimits(pageSize);
  for (;;) {
    const limit = limits.next().value;
    const rows = await source.fetch(db, actor, { after, upTo: clock, limit, rescan: false });
    const documents = documentsFor(collection, actor, rows).filter((d) => !d._deleted);
    count += documents.length;
    if (documents.length) yield line({ type: 'page', documents });
    const last = rows.at(-1);
    if (rows.length < limit || !last) break;
    after = { rev: Number(last.rev), id: String(last.k) };
  }
  yield line({ type: 'end', checkpoint: { rev: clock, id: END_OF_REV }, count });
}

const line = (l: SnapshotLine) => `${JSON.stringify(l)}\n`;
