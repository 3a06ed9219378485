import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../domain/ticket';
import { openTandemDatabase } from './database';
import { SYNC_SCHEMAS } from './schemas';
import { testTicket } from '../testing/tickets';

/**
 * A client that updates keeps its local data: opening a database stored by an older version runs
 * the collection's migration strategies over every stored document (RxDB's migration-schema
 * plugin, wired by openTandemDatabase). The stored data lives in fake-indexeddb, which keeps it
 * across close and reopen within the process, as IndexedDB keeps it across app restarts.
 */
const storage = () => wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) });

const ticket = (n: number, over: Partial<Ticket> = {}): Ticket => testTicket(n, { id: `00000000-0000-4000-8000-00000000000${n}`, requesterId: '00000000-0000-4000-8000-0000000000aa', ...over });

/** Version 1 of the tickets schema as a later client might ship it: a required `urgent` flag. */
const ticketsV1 = {
  ...SYNC_SCHEMAS.tickets,
  version: 1,
  properties: { ...SYNC_SCHEMAS.tickets.properties, urgent: { type: 'boolean' } },
  required: [...(SYNC_SCHEMAS.tickets.required as string[]), 'urgent'],
} as unknown as RxJsonSchema<never>;

describe('client schema migration', () => {
  it('reopening a version-0 database with a version-1 schema migrates every stored document', async () => {
    const name = `migrate_${Math.random().toString(36).slice(2, 10)}`;
    const v0 = await openTandemDatabase({ name, storage: storage(), collections: ['tickets'] });
    await v0.tickets.bulkInsert([ticket(1, { priority: 'P1' }), ticket(2), ticket(3, { status: 'closed' })]);
    expect(v0.tickets.schema.version).toBe(0);
    await v0.close();

    const seen: string[] = [];
    const v1 = await openTandemDatabase({
      name,
      storage: storage(),
      collections: ['tickets'],
      versions: {
        tickets: {
          schema: ticketsV1,
          migrations: {
            // Urgent means P1; a closed ticket is dropped from the device.
            1: (doc) => {
              seen.push(String(doc.id));
              return doc.status === 'closed' ? null : { ...doc, urgent: doc.priority === 'P1' };
            },
          },
        },
      },
    });
    try {
      expect(v1.tickets.schema.version).toBe(1);
      expect(seen.sort()).toEqual([ticket(1).id, ticket(2).id, ticket(3).id]);
      const docs = (await v1.tickets.find({ sort: [{ number: 'asc' }] }).exec()).map((d) => d.toJSON() as Ticket & { urgent: boolean });
      expect(docs.map((d) => [d.number, d.urgent, d.priority, d.subject])).toEqual([
        [1, true, 'P1', 'Ticket 1'],
        [2, false, 'P3', 'Ticket 2'],
      ]);
      // New writes must follow the new schema: `urgent` is now required.
      await expect(v1.tickets.insert(ticket(4) as never)).rejects.toThrow();
    } finally {
      await v1.close();
    }

    // Opened again at version 1, nothing is migrated twice.
    seen.length = 0;
    const again = await openTandemDatabase({
      name,
      storage: storage(),
      collections: ['tickets'],
      versions: { tickets: { schema: ticketsV1, migrations: { 1: (doc) => (seen.push(String(doc.id)), doc) } } },
    });
    try {
      expect(seen).toEqual([]);
      expect(await again.tickets.count().exec()).toBe(2);
    } finally {
      await again.close();
    }
  });

  it('a newer schema without a migration for its version is refused, not silently wiped', async () => {
    const name = `nomigrate_${Math.random().toString(36).slice(2, 10)}`;
    const v0 = await openTandemDatabase({ name, storage: storage(), collections: ['tickets'] });
    await v0.tickets.insert(ticket(1));
    await v0.close();
    await expect(
      openTandemDatabase({ name, storage: storage(), collections: ['tickets'], versions: { tickets: { schema: ticketsV1, migrations: {} } } }),
    ).rejects.toThrow();
    // The stored data is still there for a client that has the migration.
    const v0Again = await openTandemDatabase({ name, storage: storage(), collections: ['tickets'] });
    try {
      expect(await v0Again.tickets.count().exec()).toBe(1);
    } finally {
      await v0Again.close();
    }
  });
});
