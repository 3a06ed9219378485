import type { Kysely } from 'kysely';
import type { Actor } from '../../shared/domain/user';
import type { Checkpoint, SnapshotLine, SyncCollection } from '../../shared/sync/protocol';
import type { Database } from '../store/schema';
import { currentRev, END_OF_REV } from './pull';
import { SOURCES, documentsFor } from './sources';

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
  for (;;) {
    const rows = await source.fetch(db, actor, { after, upTo: clock, limit: pageSize, rescan: false });
    const documents = documentsFor(collection, actor, rows).filter((d) => !d._deleted);
    count += documents.length;
    if (documents.length) yield line({ type: 'page', documents });
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) break;
    after = { rev: Number(last.rev), id: String(last.k) };
  }
  yield line({ type: 'end', checkpoint: { rev: clock, id: END_OF_REV }, count });
}

const line = (l: SnapshotLine) => `${JSON.stringify(l)}\n`;
