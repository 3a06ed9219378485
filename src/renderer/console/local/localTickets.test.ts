import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../../shared/domain/ticket';
import { openTandemDatabase, type TandemDatabase } from '../../../shared/sync/database';
import { LocalTickets, type LocalTicketList } from './localTickets';
import { readAllStored, readNewestStored } from './storedDocs';
import { testTicket, testUuid as uuid } from '../../../shared/testing/tickets';

/**
 * The queue's in-memory tickets against a real local database (RxDB over fake-indexeddb, and
 * RxDB's memory storage for the query fallback): what the fast reads return is compared with
 * what RxDB's own queries return for the same documents, and the expected lists are worked out
 * by hand from the documents written.
 */
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
// Updated in an order of their own (not by number), so "newest" is not "last written".
const ticket = (n: number, over: Partial<Ticket> = {}): Ticket => testTicket(n, { createdAt: day(n), updatedAt: day((n * 37) % 101), ...over });

const open: TandemDatabase[] = [];
const lists: LocalTickets[] = [];
afterEach(async () => {
  for (const l of lists.splice(0)) l.stop();
  for (const db of open.splice(0)) await db.close();
});

const STORAGES: Array<[string, () => RxStorage<unknown, unknown>]> = [
  ['dexie (read straight from its tables)', () => getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>],
  ['memory (RxDB queries)', () => getRxStorageMemory() as RxStorage<unknown, unknown>],
];

async function database(storage: () => RxStorage<unknown, unknown>, tickets: Ticket[]): Promise<TandemDatabase> {
  const db = await openTandemDatabase({ name: `local_${Math.random().toString(36).slice(2, 10)}`, storage: storage(), collections: ['tickets'] });
  open.push(db);
  await db.tickets.bulkInsert(tickets);
  return db;
}

const ids = (docs: ReadonlyArray<{ id: string }>) => docs.map((d) => d.id);
const numbers = (docs: ReadonlyArray<{ number: number }> | null) => (docs ?? []).map((d) => d.number).sort((a, b) => a - b);

describe.each(STORAGES)('stored reads on %s', (_name, storage) => {
  it('reads every ticket but the deleted ones, as RxDB stores them, across chunks', async () => {
    const db = await database(storage, Array.from({ length: 25 }, (_, i) => ticket(i + 1)));
    await db.tickets.findOne(uuid(7)).remove();
    await db.tickets.findOne(uuid(20)).remove();
    const all = await readAllStored(db.tickets, { chunk: 4 });
    expect(numbers(all)).toEqual([...Array.from({ length: 25 }, (_, i) => i + 1)].filter((n) => n !== 7 && n !== 20));
    // The same documents (with _meta, _rev, _deleted false) as RxDB's own query hands out.
    const viaRxdb = (await db.tickets.find().exec()).map((d) => d._data);
    expect([...all].sort((a, b) => a.number - b.number)).toEqual([...viaRxdb].sort((a, b) => a.number - b.number));
    expect(all.every((d) => d._deleted === false)).toBe(true);
    // keep: only what the caller wants.
    expect(numbers(await readAllStored(db.tickets, { chunk: 4, keep: (t) => t.number % 5 === 0 }))).toEqual([5, 10, 15, 25]);
  });

  it('the newest by updatedAt, newest first, deleted ones skipped', async () => {
    // updatedAt minute of ticket n is (n * 37) % 101: for n = 1..12 that is 37 74 10 47 84 20 57 94 30 67 3 40.
    const db = await database(storage, Array.from({ length: 12 }, (_, i) => ticket(i + 1)));
    expect((await readNewestStored(db.tickets, 'updatedAt', 4)).map((t) => t.number)).toEqual([8, 5, 2, 10]);
    await db.tickets.findOne(uuid(5)).remove();
    expect((await readNewestStored(db.tickets, 'updatedAt', 4)).map((t) => t.number)).toEqual([8, 2, 10, 7]);
    const viaRxdb = await db.tickets.find({ sort: [{ updatedAt: 'desc' }], limit: 4 }).exec();
    expect(ids(await readNewestStored(db.tickets, 'updatedAt', 4))).toEqual(viaRxdb.map((d) => d.id));
  });
});

describe('LocalTickets', () => {
  const lastList = (l: LocalTickets): LocalTicketList => l.list$.value;

  it('hands out the newest first, then every ticket, then each change (insert, edit, delete)', async () => {
    const db = await database(STORAGES[0]![1], Array.from({ length: 12 }, (_, i) => ticket(i + 1)));
    const seen: LocalTicketList[] = [];
    const local = new LocalTickets(db.tickets, { firstPaint: 3, throttleMs: 20 });
    lists.push(local);
    local.list$.subscribe((l) => seen.push(l));
    await local.loaded;
    expect(seen[0]!.tickets).toBeNull();
    expect(seen[1]).toMatchObject({ complete: false });
    expect(numbers(seen[1]!.tickets)).toEqual([2, 5, 8]);
    expect(lastList(local).complete).toBe(true);
    expect(numbers(lastList(local).tickets)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));

    await db.tickets.insert(ticket(13, { subject: 'New one' }));
    await db.tickets.findOne(uuid(3)).patch({ subject: 'Edited' });
    await db.tickets.findOne(uuid(4)).remove();
    await vi.waitFor(() => expect(numbers(lastList(local).tickets)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13]));
    expect(lastList(local).byId.get(uuid(3))?.subject).toBe('Edited');
    expect(lastList(local).byId.has(uuid(4))).toBe(false);
    expect(lastList(local).tickets!.find((t) => t.number === 3)?.subject).toBe('Edited');
  });

  it('a change made while the first read runs is kept, not overwritten by the read', async () => {
    const db = await database(STORAGES[0]![1], Array.from({ length: 30 }, (_, i) => ticket(i + 1)));
    const local = new LocalTickets(db.tickets, { firstPaint: 3, throttleMs: 20 });
    lists.push(local);
    // Written at once: its event comes while the newest and whole reads are still under way.
    const edit = db.tickets.findOne(uuid(30)).patch({ subject: 'Changed during the read' });
    const gone = db.tickets.findOne(uuid(29)).remove();
    await Promise.all([edit, gone, local.loaded]);
    // Events that came after the read are handed out with the next list.
    await vi.waitFor(() => expect(lastList(local).tickets).toHaveLength(29));
    expect(lastList(local).complete).toBe(true);
    expect(lastList(local).tickets!.find((t) => t.number === 30)?.subject).toBe('Changed during the read');
    expect(lastList(local).byId.has(uuid(29))).toBe(false);
  });

  it('many changes at once come out as few lists', async () => {
    const db = await database(STORAGES[0]![1], [ticket(1)]);
    const local = new LocalTickets(db.tickets, { firstPaint: 3, throttleMs: 2_000 });
    lists.push(local);
    await local.loaded;
    const before = vi.fn();
    local.list$.subscribe(before);
    before.mockClear();
    await db.tickets.bulkInsert(Array.from({ length: 50 }, (_, i) => ticket(i + 2)));
    for (let n = 2; n < 12; n++) await db.tickets.findOne(uuid(n)).patch({ subject: `Edit ${n}` });
    await vi.waitFor(() => expect(lastList(local).tickets?.find((t) => t.number === 11)?.subject).toBe('Edit 11'), { timeout: 10_000 });
    expect(lastList(local).tickets).toHaveLength(51);
    // 11 writes: the first goes out at once, the rest together once the 2 s have passed.
    expect(before.mock.calls.length).toBeLessThanOrEqual(3);
  });
});
