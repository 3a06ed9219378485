import type { RxCollection, RxDocumentData } from 'rxdb';
import { fromDexieToStorage, RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';

/**
 * Reads of a whole collection, and of its newest documents, straight from RxDB's Dexie storage.
 *
 * Why not RxDB queries: the Dexie storage answers every query with an IndexedDB cursor, one
 * `continue()` (a task of its own) per stored document, and a query sorted `desc` is always read
 * whole and sorted afterwards (RxDB's query planner: "having a 'desc' in the sorting, means we always
 * have to re-sort the results"). At 100,000 tickets the queue's "newest 200" read every ticket
 * (~7 s before the first row) and the whole read took as long again. Here the whole read is a
 * few `getAll()` calls of `CHUNK` documents each, and the newest are a reverse walk of the
 * `[_deleted+field+id]` index that stops after `limit` documents.
 *
 * Documents come back as RxDB stores them (the same objects a query's `_data` holds: with `_meta`,
 * `_rev`, `_deleted`), deleted ones left out. A collection on any other storage (a wrapped one in
 * tests, another RxStorage) is read through RxDB queries instead, with the same result.
 */

/** Documents per getAll(): big enough that a read is few tasks, small enough that none is long. */
const CHUNK = 4_000;

interface DexieTableLike {
  schema: { indexes: Array<{ name: string; keyPath: string | string[] | undefined }> };
  where(index: string): {
    between(lower: unknown, upper: unknown, includeLower?: boolean, includeUpper?: boolean): { reverse(): { limit(n: number): { toArray(): Promise<unknown[]> } } };
    above(key: unknown): { limit(n: number): { toArray(): Promise<unknown[]> } };
  };
  orderBy(index: string): { limit(n: number): { toArray(): Promise<unknown[]> } };
}
interface DexieInternals {
  dexieTable: DexieTableLike;
  booleanIndexes: string[];
}

async function dexieInternals(collection: RxCollection): Promise<DexieInternals | null> {
  const instance = collection.internalStorageInstance as unknown;
  if (!(instance instanceof RxStorageInstanceDexie)) return null;
  return (await (instance as unknown as { internals: Promise<DexieInternals> }).internals) ?? null;
}

/**
 * From the stored form back to RxDB's: boolean index fields are kept as '0'/'1' (only `_deleted`
 * in Tandem's schemas), and keys starting with "|" as "__". The objects are fresh copies out of
 * IndexedDB, so the common case is changed in place; anything else goes through RxDB's own
 * conversion.
 */
function fromStored<T>(booleanIndexes: readonly string[], stored: Record<string, unknown>): RxDocumentData<T> {
  if (booleanIndexes.length === 1 && booleanIndexes[0] === '_deleted' && !hasPipeSubstitute(stored)) {
    stored._deleted = stored._deleted === '1';
    return stored as unknown as RxDocumentData<T>;
  }
  return fromDexieToStorage(booleanIndexes as string[], stored as never) as RxDocumentData<T>;
}

function hasPipeSubstitute(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const v of value) if (hasPipeSubstitute(v)) return true;
    return false;
  }
  for (const key in value as Record<string, unknown>) {
    if (key.startsWith('__')) return true;
    const v = (value as Record<string, unknown>)[key];
    if (v && typeof v === 'object' && hasPipeSubstitute(v)) return true;
  }
  return false;
}

/** Yields to the event loop so input and painting can run between chunks. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Every stored (not deleted) document of a collection, read `CHUNK` at a time in primary-key
 * order, each chunk its own task. `keep` drops documents the caller has no use for as they come.
 * `stopped()` ends the read early (sign-out, the page going away): the result is then partial.
 */
export async function readAllStored<T>(
  collection: RxCollection<T>,
  options: { keep?: (doc: RxDocumentData<T>) => boolean; stopped?: () => boolean; chunk?: number } = {},
): Promise<Array<RxDocumentData<T>>> {
  const { keep, stopped = () => false, chunk: size = CHUNK } = options;
  const internals = await dexieInternals(collection);
  if (!internals) {
    const docs = await collection.find().exec();
    const all = docs.map((d) => d._data as RxDocumentData<T>);
    return keep ? all.filter(keep) : all;
  }
  const primary = collection.schema.primaryPath as string;
  const out: Array<RxDocumentData<T>> = [];
  let last: unknown = undefined;
  for (;;) {
    const chunk = (await (last === undefined
      ? internals.dexieTable.orderBy(':id').limit(size).toArray()
      : internals.dexieTable.where(':id').above(last).limit(size).toArray())) as Array<Record<string, unknown>>;
    for (const stored of chunk) {
      if (stored._deleted === '1') continue;
      const doc = fromStored<T>(internals.booleanIndexes, stored);
      if (!keep || keep(doc)) out.push(doc);
    }
    if (chunk.length < size || stopped()) return out;
    last = chunk[chunk.length - 1]![primary];
    await nextTask();
  }
}

/**
 * The `limit` stored documents with the greatest `field` (ties: the greatest primary key first),
 * newest first, through the collection's index on `field`. Without such an index, or on another
 * storage, an RxDB query (which reads everything) answers.
 */
export async function readNewestStored<T>(collection: RxCollection<T>, field: keyof T & string, limit: number): Promise<Array<RxDocumentData<T>>> {
  const internals = await dexieInternals(collection);
  const primary = collection.schema.primaryPath as string;
  const index = internals?.dexieTable.schema.indexes.find(
    (i) => Array.isArray(i.keyPath) && i.keyPath.length === 3 && i.keyPath[0] === '_deleted' && i.keyPath[1] === field && i.keyPath[2] === primary,
  );
  if (!internals || !index) {
    const docs = await collection.find({ sort: [{ [field]: 'desc' }], limit } as never).exec();
    return (docs as Array<{ _data: RxDocumentData<T> }>).map((d) => d._data);
  }
  // Every key of a stored document: ['0', value, id]. ['0'] is below all of them, and ['0', []]
  // above (an array sorts after every string and number in IndexedDB).
  const stored = (await internals.dexieTable.where(index.name).between(['0'], ['0', []], true, true).reverse().limit(limit).toArray()) as Array<Record<string, unknown>>;
  return stored.map((s) => fromStored<T>(internals.booleanIndexes, s));
}
