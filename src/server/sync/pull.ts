import type { Kysely } from 'kysely';
import type { Actor } from '../../shared/domain/user';
import type { Checkpoint, PullResponse, SyncCollection } from '../../shared/sync/protocol';
import type { Database } from '../store/schema';
import { SOURCES, documentsFor } from './sources';

/** A checkpoint id after every key of its rev: keys are ASCII and sort below `~`. */
export const END_OF_REV = '~';

export async function currentRev(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('sync_clock').select('rev').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.rev);
}

/**
 * One page of a collection's changes for one reader after their checkpoint: their documents,
 * tombstones for what they may hold but can no longer see, and the checkpoint to resume from.
 */
export async function pull(
  db: Kysely<Database>,
  actor: Actor,
  collection: SyncCollection,
  after: Checkpoint | null,
  limit: number,
): Promise<PullResponse> {
  // Read the clock first: every row at or below it has committed, so a short page may jump the
  // checkpoint to it and skip the invisible rows for good.
  const clock = await currentRev(db);
  const marker = await db
    .selectFrom('sync_rescans')
    .select('rev')
    .where('user_id', '=', actor.id)
    .where('collection', '=', collection)
    .executeTakeFirst();
  // A fresh client holds nothing, so it never needs a rescan. Otherwise, when the reader's scope
  // changed after their checkpoint, the whole collection (up to now) is re-evaluated from the
  // start, page by page (`scan` keeps the place), telling them to drop what they may no longer see.
  const rescan = after !== null && (after.scan != null || (marker !== undefined && Number(marker.rev) > after.rev));
  const source = SOURCES[collection];
  const from = rescan ? (after.scan ?? null) : after;
  const rows = await source.fetch(db, actor, { after: from, limit, rescan, ...(rescan ? { upTo: clock } : {}) });
  const documents = documentsFor(collection, actor, rows, rescan);
  const last = rows.at(-1);
  let checkpoint: Checkpoint | null;
  if (rescan) {
    // Mid-scan, the place is kept beside the old checkpoint; a finished scan covered every row up to
    // the clock, so the checkpoint moves there.
    checkpoint = rows.length < limit ? { rev: clock, id: END_OF_REV } : { rev: after.rev, id: after.id, scan: { rev: Number(last!.rev), id: String(last!.k) } };
  } else {
    checkpoint = last ? { rev: Number(last.rev), id: String(last.k) } : after;
    if (rows.length < limit && clock >= (checkpoint?.rev ?? -1)) checkpoint = { rev: clock, id: END_OF_REV };
  }
  // The first page also says how many documents a full sync brings, for the progress bar.
  const total = after === null ? await source.count(db, actor) : undefined;
  return { documents, checkpoint, ...(total !== undefined ? { total } : {}) };
}
