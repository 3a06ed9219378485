import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
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

export async function rawWrite(docs: ReadonlyMap<SyncCollection, readonly SyncDoc[]>, batch = 5_000): Promise<{ ms: number; cleanup: () => Promise<void> }> {
  const db = new Dexie(`floor_${Date.now()}`, { indexedDB, IDBKeyRange });
  db.version(1).stores(dexieStores());
  await db.open();
  const start = performance.now();
  for (const [collection, list] of docs) {
    for (let i = 0; i < list.length; i += batch) await db.table(collection).bulkPut(list.slice(i, i + batch) as SyncDoc[]);
  }
  const ms = performance.now() - start;
  return { ms, cleanup: () => db.delete() };
}
