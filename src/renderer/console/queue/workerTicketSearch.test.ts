import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../../shared/domain/ticket';
import { openTandemDatabase, type TandemDatabase } from '../../../shared/sync/database';
import { LocalTickets } from '../local/localTickets';
import { TicketSearchService } from './workerTicketSearch';
import { testTicket, testUuid as uuid } from '../../../shared/testing/tickets';

/**
 * The local data's search service over a real local database (RxDB over fake-indexeddb). Node has
 * no Web Worker, so this is the in-page index the service falls back to; the worker runs the same
 * index and is exercised in Chromium by tests/e2e/console-agent.test.ts.
 */
const ticket = (n: number, subject: string): Ticket => testTicket(n, { subject, updatedAt: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z` });

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function world(tickets: Ticket[]) {
  const db: TandemDatabase = await openTandemDatabase({
    name: `svc_${Math.random().toString(36).slice(2, 10)}`,
    storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
    collections: ['tickets', 'ticket_events', 'users'],
  });
  await db.tickets.bulkInsert(tickets);
  const local = new LocalTickets(db.tickets, { firstPaint: 2, throttleMs: 10 });
  const service = new TicketSearchService(db, local);
  cleanup.push(async () => {
    service.stop();
    local.stop();
    await db.close();
  });
  const numbers = async (q: string) => (await service.search(q)).map((h) => Number(h.id.slice(-12)));
  return { db, service, numbers };
}

describe('TicketSearchService', () => {
  it('indexes every local ticket once they are read, reports progress, and follows changes', async () => {
    const { db, service, numbers } = await world([ticket(1, 'Printer jams'), ticket(2, 'VPN drops'), ticket(3, 'Printer offline')]);
    expect(await numbers('printer')).toEqual([]); // nothing indexed yet
    await vi.waitFor(() => expect(service.progress$.value.indexed).toBe(3));
    expect((await numbers('printer')).sort()).toEqual([1, 3]);
    expect(await numbers('vpn')).toEqual([2]);

    const before = service.progress$.value.version;
    await db.tickets.findOne(uuid(2)).patch({ subject: 'Printer toner low' });
    await db.tickets.insert(ticket(4, 'Docking station'));
    await vi.waitFor(() => expect(service.progress$.value.indexed).toBe(4));
    expect(service.progress$.value.version).toBeGreaterThan(before);
    await vi.waitFor(async () => expect((await numbers('printer')).sort()).toEqual([1, 2, 3]));
    expect(await numbers('vpn')).toEqual([]);
    expect(await numbers('docking')).toEqual([4]);
  });

  it('stopped, it indexes nothing more and answers nothing', async () => {
    const { db, service, numbers } = await world([ticket(1, 'Printer jams')]);
    await vi.waitFor(() => expect(service.progress$.value.indexed).toBe(1));
    service.stop();
    await db.tickets.insert(ticket(2, 'Printer offline'));
    await new Promise((r) => setTimeout(r, 50));
    expect(service.progress$.value.indexed).toBe(1);
    expect(await numbers('printer')).toEqual([]);
  });
});
