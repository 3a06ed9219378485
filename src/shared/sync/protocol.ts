import { z } from 'zod';

/**
 * The replication protocol between each client's RxDB and the server, following RxDB's model:
 * pull by checkpoint, push with the assumed master state (conflicts answered), and a live stream
 * that may say RESYNC.
 *
 * The checkpoint is `(rev, id)`, not `(updatedAt, id)`: `rev` is a server-side change counter
 * taken under a lock by every transaction that writes replicated rows, so rev order is commit
 * order. A wall-clock `updatedAt` can go backwards (clock steps) and two transactions can commit in
 * the opposite order of their timestamps; either way a client would skip a change for good.
 */

/** Every replicated collection. The free RxDB build opens at most 13 per realm: stay well under. */
export const SYNC_COLLECTIONS = ['tickets', 'ticket_events', 'users', 'groups', 'kb_articles', 'devices', 'reference'] as const;
export const SyncCollection = z.enum(SYNC_COLLECTIONS);
export type SyncCollection = z.infer<typeof SyncCollection>;

/**
 * Collections a client may write through push; the rest are read-only replicas. Of `reference`,
 * only saved views and macros are taken (server/presets); the rest is refused.
 */
export const PUSHABLE_COLLECTIONS = ['tickets', 'ticket_events', 'kb_articles', 'reference'] as const satisfies readonly SyncCollection[];

/**
 * Where a client is: every change up to `(rev, id)` is applied. `scan` is set while a re-evaluation
 * of the whole collection (after the user's role or groups changed) is under way: how far it got.
 */
export const Checkpoint = z.object({
  rev: z.number().int().nonnegative(),
  id: z.string().max(200),
  scan: z.object({ rev: z.number().int().nonnegative(), id: z.string().max(200) }).nullable().optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** GET /api/sync/:collection/pull?rev=&id=&scanRev=&scanId=&limit= (the checkpoint, flattened). */
export const PullQuery = z.strictObject({
  rev: z.coerce.number().int().nonnegative().optional(),
  id: z.string().max(200).optional(),
  scanRev: z.coerce.number().int().nonnegative().optional(),
  scanId: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});

/** The query parameters of a pull from a checkpoint. */
export function checkpointQuery(checkpoint: Checkpoint | null): Record<string, string> {
  if (!checkpoint) return {};
  return {
    rev: String(checkpoint.rev),
    id: checkpoint.id,
    ...(checkpoint.scan ? { scanRev: String(checkpoint.scan.rev), scanId: checkpoint.scan.id } : {}),
  };
}

/**
 * GET /api/sync/:collection/snapshot?pageSize= — a fresh client's first sync: every document of the
 * collection the user may see, as newline-delimited JSON (`SnapshotLine`s), scoped exactly as a pull
 * from the start. The last line carries the checkpoint the snapshot is consistent with: live
 * replication pulls from there, so nothing committed during the snapshot is lost. A stream that ends
 * without that line was cut short. `pageSize` is the largest page: the first pages are smaller, so
 * the client starts writing while the server reads on.
 */
export const SnapshotQuery = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(20_000).default(5_000),
});
export const SNAPSHOT_CONTENT_TYPE = 'application/x-ndjson';

/** A replicated document: the domain object plus RxDB's deletion flag. */
export type SyncDoc = { id: string; _deleted: boolean } & Record<string, unknown>;
export const SyncDocSchema = z.looseObject({ id: z.string().min(1).max(200), _deleted: z.boolean() });

export const PullResponse = z.object({
  documents: z.array(SyncDocSchema),
  checkpoint: Checkpoint.nullable(),
  /** On the first page only: how many documents a full sync of this collection brings. */
  total: z.number().int().nonnegative().optional(),
});
export type PullResponse = { documents: SyncDoc[]; checkpoint: Checkpoint | null; total?: number };

/** One line of a snapshot: how many documents will come, a page of them, then the checkpoint. */
export type SnapshotLine =
  | { type: 'start'; total: number }
  | { type: 'page'; documents: SyncDoc[] }
  | { type: 'end'; checkpoint: Checkpoint; count: number };

/** POST /api/sync/:collection/push */
export const PushRequest = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        assumedMasterState: SyncDocSchema.nullable().optional(),
        newDocumentState: SyncDocSchema,
      }),
    )
    .min(1)
    .max(500),
});
export type PushRow = { assumedMasterState?: SyncDoc | null; newDocumentState: SyncDoc };

/** A write the server refused, with the reason to show the user. */
export const PushRejection = z.object({
  id: z.string(),
  code: z.string(),
  message: z.string(),
});
export type PushRejection = z.infer<typeof PushRejection>;

/**
 * `conflicts`: the master state of every document whose pushed state the server did not take as
 * is (changed by someone else, merged, or refused) — RxDB writes these back into the client.
 * `rejections`: why a write was refused; the client keeps it and shows it, so nothing is lost.
 */
export const PushResponse = z.object({
  conflicts: z.array(SyncDocSchema),
  rejections: z.array(PushRejection),
});
export type PushResponse = { conflicts: SyncDoc[]; rejections: PushRejection[] };

/** Messages on the live stream (WebSocket /api/sync/stream), client → server. */
export const StreamClientMessage = z.discriminatedUnion('type', [
  /** First message, and again whenever the access token is refreshed. */
  z.strictObject({ type: z.literal('auth'), accessToken: z.string().min(10).max(4000) }),
  /**
   * "I have this ticket open" (null: none). Staff only; the server answers with `presence` for that
   * ticket and tells the others on it. Sent again after every reconnect.
   */
  z.strictObject({ type: z.literal('viewing'), ticketId: z.uuid().nullable() }),
]);
export type StreamClientMessage = z.infer<typeof StreamClientMessage>;

/** Someone who has a ticket open in the console ("who else is viewing"). */
export interface TicketViewer {
  id: string;
  name: string;
}

/** Messages on the live stream, server → client. */
export type StreamServerMessage =
  | { type: 'ready' }
  | { type: 'changes'; collection: SyncCollection; documents: SyncDoc[]; checkpoint: Checkpoint }
  /** Changes may have been missed (server restart, overload): pull from the last checkpoint. */
  | { type: 'resync' }
  /** The access token ran out: send a new `auth` message within the grace period. */
  | { type: 'auth_expired' }
  /** Who has this ticket open now, the receiver included, to those of them who may see it. */
  | { type: 'presence'; ticketId: string; viewers: TicketViewer[] }
  | { type: 'error'; code: string; message: string };
