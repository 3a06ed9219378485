import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../src/shared/domain/user';
import { checkpointQuery, PullResponse, type Checkpoint, type SyncCollection, type SyncDoc } from '../../src/shared/sync/protocol';
import { tombstoneFor } from '../../src/shared/sync/schemas';
import { openTandemDatabase } from '../../src/shared/sync/database';
import { SOURCES } from '../../src/server/sync/sources';
import type { Database } from '../../src/server/store/schema';
import type { ApiClient } from '../../tests/fixtures/api';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';

/**
 * Where the first sync's time goes, each step timed alone over the same pages the client pulls:
 * the server's pull query, turning rows into documents, zod's response encoding (what
 * fastify-type-provider-zod runs on every reply), JSON, the whole HTTP pull, and RxDB's writes.
 */
export interface ServerSteps {
  sqlMs: number;
  mapMs: number;
  encodeMs: number;
  stringifyMs: number;
  parseMs: number;
  bytes: number;
  pages: number;
}

/** Runs one collection's pull loop on the server side, step by step, as `pull()` does. */
export async function serverSteps(db: Kysely<Database>, actor: Actor, collection: SyncCollection, limit: number, into: ServerSteps): Promise<void> {
  const source = SOURCES[collection];
  let after: Checkpoint | null = null;
  for (;;) {
    let t = performance.now();
    const rows = await source.fetch(db, actor, { after, limit, rescan: false });
    into.sqlMs += performance.now() - t;
    t = performance.now();
    const documents: SyncDoc[] = [];
    for (const row of rows) {
      const change = source.deliver(actor, row);
      if (change.delivery === 'doc') documents.push(change.doc!);
      else if (change.delivery === 'tombstone') documents.push(tombstoneFor(collection, change.key));
    }
    into.mapMs += performance.now() - t;
    const last = rows.at(-1);
    const page: { documents: SyncDoc[]; checkpoint: Checkpoint | null } = { documents, checkpoint: last ? { rev: Number(last.rev), id: String(last.k) } : after };
    t = performance.now();
    const encoded = z.safeEncode(PullResponse, page);
    into.encodeMs += performance.now() - t;
    t = performance.now();
    const text = JSON.stringify(encoded.data);
    into.stringifyMs += performance.now() - t;
    t = performance.now();
    JSON.parse(text);
    into.parseMs += performance.now() - t;
    into.bytes += text.length;
    into.pages += 1;
    if (rows.length < limit) return;
    after = page.checkpoint;
  }
}

/** Pulls one collection to the end over HTTP without storing it (server + HTTP + JSON). */
export async function pullOverHttp(api: ApiClient, collection: SyncCollection, limit: number): Promise<{ ms: number; documents: SyncDoc[] }> {
  const documents: SyncDoc[] = [];
  let checkpoint: Checkpoint | null = null;
  const start = performance.now();
  for (;;) {
    const qs = new URLSearchParams({ limit: String(limit), ...checkpointQuery(checkpoint) });
    const res = await fetch(new URL(`/api/sync/${collection}/pull?${qs}`, api.baseUrl), { headers: { authorization: `Bearer ${api.accessToken}` } });
    if (res.status !== 200) throw new Error(`pull ${collection}: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as PullResponse;
    for (const d of page.documents) documents.push(d);
    if (page.documents.length < limit) break;
    checkpoint = page.checkpoint;
  }
  return { ms: performance.now() - start, documents };
}

/** Writes the documents into a fresh RxDB (same storage, no replication) in pages of `batch`. */
export async function rxdbInsert(docs: ReadonlyMap<SyncCollection, readonly SyncDoc[]>, batch: number): Promise<number> {
  const db = await openTandemDatabase({
    name: `rxwrite_${Date.now()}`,
    storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
    collections: [...docs.keys()],
  });
  const start = performance.now();
  for (const [collection, list] of docs) {
    const rx = db.collections[collection];
    for (let i = 0; i < list.length; i += batch) {
      const res = await rx.bulkInsert(list.slice(i, i + batch).map(({ _deleted: _gone, ...d }) => d) as never[]);
      if (res.error.length) throw new Error(`rxdb insert: ${JSON.stringify(res.error[0])}`);
    }
  }
  const ms = performance.now() - start;
  await db.remove();
  return ms;
}
