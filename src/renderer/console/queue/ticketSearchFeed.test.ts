import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ticket, TicketEvent } from '../../../shared/domain/ticket';
import { openTandemDatabase, type TandemDatabase } from '../../../shared/sync/database';
import type { DirectoryUser } from '../../../shared/sync/schemas';
import { TicketSearchIndex } from './ticketSearch';
import { feedTicketSearch } from './ticketSearchFeed';
import { testTicket, testUuid as uuid } from '../../../shared/testing/tickets';

/**
 * The search index fed by a real local database (RxDB over fake-indexeddb): every expectation is
 * worked out by hand from the documents written, and `backlog` shows how many tickets a change
 * marked for re-indexing before it is drained.
 */
const U1 = uuid(901);
const U2 = uuid(902);

const ticket = (n: number, subject: string, requesterId = U1, over: Partial<Ticket> = {}): Ticket => testTicket(n, { subject, requesterId, ...over });
const reply = (n: number, ticketN: number, body: string, createdAt = '2026-01-02T00:00:00.000Z'): TicketEvent => ({
  id: uuid(500 + n),
  ticketId: uuid(ticketN),
  kind: 'reply',
  public: true,
  authorId: null,
  body,
  changes: null,
  attachmentIds: [],
  createdAt,
});
const user = (id: string, name: string): DirectoryUser => ({ id, email: `${id}@example.test`, name, role: 'end_user', groupIds: [], active: true, updatedAt: '2026-01-01T00:00:00.000Z' });

const open: Array<{ db: TandemDatabase; stop: () => void }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.stop();
    await o.db.close();
  }
});

async function world(setup: (db: TandemDatabase) => Promise<void>) {
  const db = await openTandemDatabase({
    name: `search_${Math.random().toString(36).slice(2, 10)}`,
    storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
    collections: ['tickets', 'ticket_events', 'users'],
  });
  await setup(db);
  const index = new TicketSearchIndex();
  let changes = 0;
  const stop = feedTicketSearch(db, index, () => changes++);
  open.push({ db, stop });
  const numbers = (q: string) => index.search(q).map((h) => Number(h.id.slice(-12)));
  return { db, index, numbers, changes: () => changes };
}

describe('feedTicketSearch', () => {
  it('builds from every ticket, reply and name once, then a change event re-indexes exactly that ticket', async () => {
    const { db, index, numbers } = await world(async (db) => {
      await db.users.bulkInsert([user(U1, 'Ada Lovelace'), user(U2, 'Grace Hopper')]);
      await db.tickets.bulkInsert([ticket(1, 'Printer jams'), ticket(2, 'VPN drops', U2), ticket(3, 'Laptop slow')]);
      await db.ticket_events.bulkInsert([reply(1, 1, 'Replaced the fuser'), reply(2, 1, 'Still jams', '2026-01-01T12:00:00.000Z')]);
    });
    await vi.waitFor(() => expect(index.backlog).toBe(3));
    expect(index.drain()).toBe(false);
    expect(index.size).toBe(3);
    expect(numbers('fuser')).toEqual([1]);
    expect(numbers('grace')).toEqual([2]);

    await db.tickets.upsert(ticket(2, 'Wi-Fi drops', U2, { updatedAt: '2026-02-01T00:00:00.000Z' }));
    await vi.waitFor(() => expect(index.backlog).toBe(1));
    index.drain();
    expect(numbers('vpn')).toEqual([]);
    expect(numbers('wifi drops')).toEqual([]);
    expect(numbers('drops')).toEqual([2]);
    expect(index.size).toBe(3);

    // A change the search does not read (status) marks nothing.
    await db.tickets.upsert(ticket(3, 'Laptop slow', U1, { status: 'pending', updatedAt: '2026-02-02T00:00:00.000Z' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(index.backlog).toBe(0);
  });

  it('a delete (or a ticket leaving scope) removes it; a reply added or removed re-indexes only its ticket', async () => {
    const { db, index, numbers } = await world(async (db) => {
      await db.tickets.bulkInsert([ticket(1, 'Printer jams'), ticket(2, 'Printer offline')]);
    });
    await vi.waitFor(() => expect(index.backlog).toBe(2));
    index.drain();
    expect(numbers('printer').sort()).toEqual([1, 2]);

    await db.tickets.findOne(uuid(1)).remove();
    await vi.waitFor(() => expect(index.backlog).toBe(1));
    index.drain();
    expect(numbers('printer')).toEqual([2]);
    expect(index.size).toBe(1);

    await db.ticket_events.insert(reply(1, 2, 'Toner replaced'));
    await vi.waitFor(() => expect(index.backlog).toBe(1));
    index.drain();
    expect(numbers('toner')).toEqual([2]);

    await db.ticket_events.findOne(uuid(501)).remove();
    await vi.waitFor(() => expect(index.backlog).toBe(1));
    index.drain();
    expect(numbers('toner')).toEqual([]);
    expect(numbers('printer')).toEqual([2]);
  });

  it('a rename re-indexes only that requester’s tickets; names that come after the tickets do not rebuild the rest', async () => {
    const { db, index, numbers } = await world(async (db) => {
      await db.tickets.bulkInsert([ticket(1, 'Printer jams'), ticket(2, 'VPN drops'), ticket(3, 'Laptop slow', U2)]);
    });
    await vi.waitFor(() => expect(index.backlog).toBe(3));
    index.drain();

    // Names arrive after the tickets were indexed: only Ada's two tickets are marked.
    await db.users.insert(user(U1, 'Ada Lovelace'));
    await vi.waitFor(() => expect(index.backlog).toBe(2));
    index.drain();
    expect(numbers('lovelace').sort()).toEqual([1, 2]);

    await db.users.upsert(user(U1, 'Ada Byron'));
    await vi.waitFor(() => expect(index.backlog).toBe(2));
    index.drain();
    expect(numbers('lovelace')).toEqual([]);
    expect(numbers('byron').sort()).toEqual([1, 2]);
    expect(numbers('laptop')).toEqual([3]);

    // The same name written again marks nothing.
    await db.users.upsert({ ...user(U1, 'Ada Byron'), updatedAt: '2026-03-01T00:00:00.000Z' });
    await new Promise((r) => setTimeout(r, 50));
    expect(index.backlog).toBe(0);
  });

  it('changes that come while the first build runs are not lost, and the newer state wins', async () => {
    const { db, index, numbers, changes } = await world(async (db) => {
      await db.users.insert(user(U1, 'Ada Lovelace'));
      await db.tickets.bulkInsert([ticket(1, 'Printer jams'), ticket(2, 'VPN drops'), ticket(3, 'Laptop slow')]);
    });
    // Written at once, while the feed's first read is under way.
    await Promise.all([
      db.tickets.upsert(ticket(1, 'Scanner jams', U1, { updatedAt: '2026-02-01T00:00:00.000Z' })),
      db.tickets.findOne(uuid(2)).remove(),
      db.tickets.insert(ticket(4, 'Monitor flickers')),
      db.ticket_events.insert(reply(1, 3, 'Added memory')),
      db.users.upsert(user(U1, 'Ada Byron')),
    ]);
    await vi.waitFor(() => expect(changes()).toBeGreaterThanOrEqual(6));
    await new Promise((r) => setTimeout(r, 50));
    while (index.drain(5));
    expect(index.size).toBe(3);
    expect(numbers('printer')).toEqual([]);
    expect(numbers('scanner')).toEqual([1]);
    expect(numbers('vpn')).toEqual([]);
    expect(numbers('monitor')).toEqual([4]);
    expect(numbers('memory')).toEqual([3]);
    expect(numbers('byron').sort()).toEqual([1, 3, 4]);
    expect(numbers('lovelace')).toEqual([]);
  });
});
