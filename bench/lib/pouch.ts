import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import PouchDB from 'pouchdb-core';
import HttpAdapter from 'pouchdb-adapter-http';
import IdbAdapter from 'pouchdb-adapter-idb';
import MemoryAdapter from 'pouchdb-adapter-memory';
import Replication from 'pouchdb-replication';
import expressPouchDB from 'express-pouchdb';
import type { SyncDoc } from '../../src/shared/sync/protocol';

/**
 * The peer: PouchDB replicating the same documents over HTTP from a CouchDB-style server
 * (express-pouchdb over the in-memory adapter, on 127.0.0.1 in this process, as our server is) into
 * PouchDB's IndexedDB adapter (`idb`) over the same fake-indexeddb our client uses.
 */
const g = globalThis as Record<string, unknown>;
g.indexedDB ??= indexedDB;
g.IDBKeyRange ??= IDBKeyRange;
// pouchdb-adapter-idb reads navigator.userAgent, which Node 20 does not define.
g.navigator ??= { userAgent: 'node' };

PouchDB.plugin(HttpAdapter).plugin(MemoryAdapter).plugin(IdbAdapter).plugin(Replication);

export const POUCH_ENV = { server: 'express-pouchdb (memory adapter)', client_adapter: 'idb over fake-indexeddb' } as const;

export interface PouchPeer {
  url: string;
  close(): Promise<void>;
}

/** Starts a PouchDB HTTP server holding `docs` in one database; resolves with its URL. */
export async function startPouchServer(docs: readonly SyncDoc[]): Promise<PouchPeer> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-pouch-'));
  const ServerPouch = PouchDB.defaults({ adapter: 'memory' });
  const app = expressPouchDB(ServerPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(dir, 'log.txt') });
  const name = `helpdesk_${Date.now()}`;
  const db = new ServerPouch(name);
  for (let i = 0; i < docs.length; i += 5_000) {
    await db.bulkDocs(docs.slice(i, i + 5_000).map(({ id, _deleted: _gone, ...rest }) => ({ _id: id, ...rest })));
  }
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${name}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Replicates the server's database into a fresh client; resolves with the documents written. */
export async function pouchFirstSync(url: string, batchSize: number): Promise<{ docs: number; cleanup: () => Promise<void> }> {
  const client = new PouchDB(`pouch_client_${Date.now()}`, { adapter: 'idb' });
  const result = await client.replicate.from(url, { batch_size: batchSize });
  const info = await client.info();
  if (!result.ok) throw new Error('PouchDB replication did not finish');
  return { docs: info.doc_count, cleanup: () => client.destroy() };
}
