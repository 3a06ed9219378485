import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { fillWithDefaultSettings } from 'rxdb';
import { getDexieStoreSchema } from 'rxdb/plugins/storage-dexie';
import type { SyncCollection, SyncDoc } from '../../src/shared/sync/protocol';
import { SYNC_SCHEMAS } from '../../src/shared/sync/schemas';

/**
 * The floor: the same documents written with Dexie's `bulkPut` straight into IndexedDB (the same
 * fake-indexeddb), one table per collection with the indexes our RxDB schema declares — what any
 * client must at least spend to store them, with no replication or RxDB bookkeeping.
 */
function dexieStores(): Record<string, string> {
  const stores: Record<string, string> = {};
  for (const [name, schema] of Object.entries(SYNC_SCHEMAS)) {
    const indexes = (schema.indexes ?? []).map((i) => (Array.isArray(i) ? `[${i.join('+')}]` : String(i)));
    stores[name] = [String(schema.primaryKey), ...indexes].join(', ');
  }
  return stores;
}

/**
 * The tables exactly as RxDB's Dexie storage makes them: every schema index prefixed with
 * `_deleted` and ended by the id, plus `[_deleted+id]`, `[_meta.lwt+id]` and `_meta.lwt`, which
 * RxDB keeps for its own queries (changes since a checkpoint, cleanup).
 */
function rxdbStores(): Record<string, string> {
  const stores: Record<string, string> = {};
  for (const [name, schema] of Object.entries(SYNC_SCHEMAS)) stores[name] = getDexieStoreSchema(fillWithDefaultSettings(schema as never));
  return stores;
}

/**
 * `indexes: 'schema'` is the floor of issue #4 (the schema's indexes); `'rxdb'` writes the documents
 * as RxDB stores them (`_deleted` as '0', `_meta`, `_rev`) into tables with RxDB's indexes, the
 * floor of any write through RxDB's Dexie storage.
 */
export async function rawWrite(
  docs: ReadonlyMap<SyncCollection, readonly SyncDoc[]>,
  batch = 5_000,
  indexes: 'schema' | 'rxdb' = 'schema',
): Promise<{ ms: number; cleanup: () => Promise<void> }> {
  const db = new Dexie(`floor_${indexes}_${Date.now()}`, { indexedDB, IDBKeyRange });
  db.version(1).stores(indexes === 'rxdb' ? rxdbStores() : dexieStores());
  await db.open();
  const start = performance.now();
  for (const [collection, list] of docs) {
    for (let i = 0; i < list.length; i += batch) {
      const page = list.slice(i, i + batch) as SyncDoc[];
      const rows = indexes === 'rxdb' ? page.map((d, k) => ({ ...d, _deleted: '0', _meta: { lwt: i + k + 1 }, _rev: '1-floor', _attachments: {} })) : page;
      await db.table(collection).bulkPut(rows);
    }
  }
  const ms = performance.now() - start;
  return { ms, cleanup: () => db.delete() };
}
