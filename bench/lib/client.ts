import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import type { TokenPair } from '../../src/shared/api/auth';
import { openTandemDatabase, type TandemDatabase } from '../../src/shared/sync/database';
import type { SyncCollection } from '../../src/shared/sync/protocol';
import { SyncSession } from '../../src/shared/sync/session';
import type { ApiClient } from '../../tests/fixtures/api';
import { ClientNetwork } from '../../tests/fixtures/network';

/**
 * A signed-in user's client as the product builds it: RxDB with Dexie storage over
 * fake-indexeddb and a SyncSession against the real server. Without schema validation by
 * default, as a production build runs (the tests' client validates every write).
 */
export interface BenchClient {
  db: TandemDatabase;
  session: SyncSession;
  close(remove?: boolean): Promise<void>;
}

let n = 0;

export async function openBenchClient(
  api: ApiClient,
  options: {
    collections?: readonly SyncCollection[];
    pullBatchSize?: number;
    validate?: boolean;
    start?: boolean;
    /** Told how long each request took (to time pushes). */
    onRequest?: (url: string, ms: number) => void;
    /**
     * An experiment, not the product: hold each first-sync pull until RxDB has written all but
     * this many of the documents pulled so far (RxDB's pull loop otherwise runs ahead of its writes
     * and persists the backlog in ever larger transactions).
     */
    pullAheadLimit?: number;
    /** First sync by snapshot (the product's default) or, with false, RxDB's pull loop alone. */
    snapshot?: boolean;
    snapshotPageSize?: number;
  } = {},
): Promise<BenchClient> {
  const network = new ClientNetwork();
  const dexie = getRxStorageDexie({ indexedDB, IDBKeyRange });
  n += 1;
  let gate: ((url: string) => Promise<void>) | null = null;
  const db = await openTandemDatabase({
    name: `bench${n}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`,
    storage: options.validate ? wrappedValidateAjvStorage({ storage: dexie }) : dexie,
    ...(options.collections ? { collections: options.collections } : {}),
  });
  const session = new SyncSession({
    db,
    serverUrl: api.baseUrl,
    WebSocket: network.WebSocket,
    fetch: async (input, init) => {
      if (gate) await gate(String(input));
      const start = performance.now();
      const res = await network.fetch(input, init);
      options.onRequest?.(String(input), performance.now() - start);
      return res;
    },
    ...(options.collections ? { collections: options.collections } : {}),
    ...(options.pullBatchSize ? { pullBatchSize: options.pullBatchSize } : {}),
    ...(options.snapshot === false ? { snapshot: false } : {}),
    ...(options.snapshotPageSize ? { snapshotPageSize: options.snapshotPageSize } : {}),
    auth: {
      accessToken: () => api.accessToken,
      refresh: async () => {
        const res = await fetch(new URL('/api/auth/refresh', api.baseUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: api.refreshToken }),
        });
        if (res.status !== 200) throw new Error(`refresh failed: ${res.status}`);
        api.useTokens((await res.json()) as TokenPair);
        return api.accessToken!;
      },
    },
  });
  if (options.pullAheadLimit !== undefined) {
    const limit = options.pullAheadLimit;
    let written = 0;
    let watching = false;
    gate = async (url) => {
      if (!url.includes('/pull?')) return;
      if (!watching) {
        watching = true;
        for (const r of session.replications.values()) r.received$.subscribe(() => (written += 1));
      }
      for (;;) {
        const progress = session.status$.value.firstSync;
        if (!progress || progress.pulled - written <= limit) return;
        await new Promise((r) => setTimeout(r, 2));
      }
    };
  }
  if (options.start ?? true) await session.start();
  return {
    db,
    session,
    close: async (remove = true) => {
      await session.stop();
      if (remove) await db.remove();
      else await db.close();
    },
  };
}
