import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../tests/fixtures/api';
import { STORE_KINDS } from '../tests/fixtures/stores';
import { ADMIN, startTestServer } from '../tests/fixtures/server';
import { SYNC_COLLECTIONS, type SyncCollection, type SyncDoc } from '../src/shared/sync/protocol';
import type { Actor } from '../src/shared/domain/user';
import { openBenchClient } from './lib/client';
import { rawWrite } from './lib/dexie-floor';
import { pullOverHttp, rxdbInsert, serverSteps, type ServerSteps } from './lib/first-sync-profile';
import { POUCH_ENV, pouchFirstSync, startPouchServer } from './lib/pouch';
import { startChildServer } from './lib/child-server';
import { emit, log, scaled, selected, SCALE } from './lib/report';
import { seedHelpdesk } from './lib/seed';

/**
 * sync.initial: the first sync of a helpdesk (50,000 tickets, 200,000 events, ~0.5 KB tickets) to a
 * fresh admin client, through SyncSession into RxDB's Dexie storage over fake-indexeddb (by
 * snapshot, the product's first sync, then live replication from its checkpoint); beside it, in the
 * same run and on the same documents, the floor (Dexie bulkPut of them) and the peer (PouchDB
 * replicating them over HTTP). sync.initial.profile: RxDB's pull loop alone (the first sync before
 * the snapshot) and where the time goes, step by step.
 */
export const BENCHES = ['sync.initial', 'sync.initial.profile'] as const;

const SIZE = { tickets: scaled(50_000), eventsPerTicket: 4, requesters: scaled(5_000), agents: 60, groups: 8 };
const PULL_BATCH = Number(process.env.BENCH_PULL_BATCH ?? 1_000);
const SNAPSHOT_PAGE = Number(process.env.BENCH_SNAPSHOT_PAGE ?? 5_000);
const POUCH_BATCH = 500;

/**
 * Where the servers run. `child` (the default): ours and PouchDB's each in a process of their own,
 * so the client being measured has its thread to itself, as a real client has. `inline`: in this
 * process, as before (the server's work then counts against every client rate; the profile's
 * server-side steps need it, since they read the store directly).
 */
const SERVERS = process.env.BENCH_SERVERS === 'inline' ? 'inline' : 'child';

/** The seeded server, where SERVERS says, with the admin signed in. */
async function seededServer(kind: 'pglite' | 'postgres') {
  if (SERVERS === 'inline') {
    const ts = await startTestServer(kind);
    const seeded = await seedHelpdesk(ts.store.db, SIZE);
    return { admin: ts.admin, seeded, ts, stop: () => ts.close() };
  }
  const child = await startChildServer<{ url: string; seeded: Awaited<ReturnType<typeof seedHelpdesk>> }>('bench/lib/sync-server-child.ts', { BENCH_STORE: kind, BENCH_SEED: JSON.stringify(SIZE) });
  const admin = new ApiClient(child.info.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
  return { admin, seeded: child.info.seeded, ts: null, stop: () => child.stop() };
}

/** PouchDB's server holding `docs`, where SERVERS says. */
async function pouchServer(docs: readonly SyncDoc[]): Promise<{ url: string; close(): Promise<void> }> {
  if (SERVERS === 'inline') return startPouchServer(docs);
  const dir = await mkdtemp(join(tmpdir(), 'tandem-pouch-docs-'));
  const file = join(dir, 'docs.ndjson');
  await writeFile(file, docs.map((d) => JSON.stringify(d)).join('\n'));
  const child = await startChildServer<{ url: string }>('bench/lib/pouch-server-child.ts', { BENCH_DOCS: file });
  return { url: child.info.url, close: async () => (await child.stop(), await rm(dir, { recursive: true, force: true })) };
}

async function benchStore(kind: 'pglite' | 'postgres'): Promise<void> {
  log(`[${kind}] seeding`, SIZE.tickets, 'tickets', SERVERS === 'child' ? '(server in its own process)' : '(server in this process)');
  const t0 = performance.now();
  const server = await seededServer(kind);
  try {
    const { admin, seeded } = server;
    log(`[${kind}] seeded in`, ((performance.now() - t0) / 1000).toFixed(1), 's', JSON.stringify(seeded));
    const expected: Partial<Record<SyncCollection, number>> = {
      tickets: seeded.tickets,
      ticket_events: seeded.events,
      users: seeded.users + 1,
      groups: seeded.groups,
    };
    const n = Object.values(expected).reduce((a, b) => a + b, 0);
    const env = { store: kind, servers: SERVERS === 'child' ? 'each in its own process' : 'in the client process', client: 'rxdb dexie over fake-indexeddb, no schema validation', first_sync: 'snapshot', snapshot_page: SNAPSHOT_PAGE, role: 'admin' };

    // Ours: a fresh client, from start to every collection in sync (snapshot, then replication).
    const client = await openBenchClient(admin, { pullBatchSize: PULL_BATCH, snapshotPageSize: SNAPSHOT_PAGE, start: false });
    const start = performance.now();
    await client.session.start();
    await client.session.inSync();
    const oursMs = performance.now() - start;
    for (const [c, want] of Object.entries(expected)) {
      const got = await client.db.collections[c as SyncCollection].count().exec();
      if (got !== want) throw new Error(`${c}: the client holds ${got} documents, expected ${want}`);
    }
    await client.close();
    const ours = (n / oursMs) * 1000;
    log(`[${kind}] ours`, n, 'docs in', (oursMs / 1000).toFixed(1), 's =', Math.round(ours), 'docs/s');
    // For a CPU profile of our first sync alone (node --cpu-prof): no floor, peer or steps.
    if (process.env.BENCH_ONLY_OURS === '1') {
      emit({ bench: 'sync.initial', metric: 'docs_per_s', value: ours, unit: 'docs/s', n, env: { ...env, only_ours: true } });
      return;
    }

    // RxDB's pull loop alone, as the first sync ran before the snapshot (profile only: ~1 min).
    let pullLoopMs = NaN;
    if (selected('sync.initial.profile') && process.env.BENCH_SKIP_PULL_LOOP !== '1') {
      const loop = await openBenchClient(admin, { pullBatchSize: PULL_BATCH, start: false, snapshot: false });
      const t = performance.now();
      await loop.session.start();
      await loop.session.inSync();
      pullLoopMs = performance.now() - t;
      const got = await loop.db.ticket_events.count().exec();
      if (got !== expected.ticket_events) throw new Error(`pull loop: ${got} events, expected ${expected.ticket_events}`);
      await loop.close();
      log(`[${kind}] pull loop alone:`, Math.round((n / pullLoopMs) * 1000), 'docs/s');
    }

    // The same documents, pulled over HTTP without storing them (also a step of the profile).
    const docs = new Map<SyncCollection, SyncDoc[]>();
    let httpMs = 0;
    for (const c of SYNC_COLLECTIONS) {
      const r = await pullOverHttp(admin, c, PULL_BATCH);
      httpMs += r.ms;
      if (r.documents.length) docs.set(c, r.documents);
    }
    const all = [...docs.values()].flat();
    if (all.length !== n) throw new Error(`pulled ${all.length} documents, expected ${n}`);

    // The floor, right after ours.
    const floor = await rawWrite(docs);
    await floor.cleanup();
    const floorRate = (n / floor.ms) * 1000;
    log(`[${kind}] floor`, Math.round(floorRate), 'docs/s');
    // The same write into tables with RxDB's own indexes (three more per collection, each key
    // prefixed with _deleted): what no write through RxDB's Dexie storage can go below.
    const floorRx = await rawWrite(docs, 5_000, 'rxdb');
    await floorRx.cleanup();
    const floorRxRate = (n / floorRx.ms) * 1000;
    log(`[${kind}] floor with RxDB's indexes`, Math.round(floorRxRate), 'docs/s');

    // The peer, right after.
    const peer = await pouchServer(all);
    const pouchStart = performance.now();
    const replicated = await pouchFirstSync(peer.url, POUCH_BATCH);
    const pouchMs = performance.now() - pouchStart;
    await replicated.cleanup();
    await peer.close();
    if (replicated.docs !== n) throw new Error(`PouchDB replicated ${replicated.docs} documents, expected ${n}`);
    const pouchRate = (n / pouchMs) * 1000;
    log(`[${kind}] pouchdb`, Math.round(pouchRate), 'docs/s');

    const peerEnv = { ...env, peer_batch: POUCH_BATCH, ...POUCH_ENV };
    emit({ bench: 'sync.initial', metric: 'docs_per_s', value: ours, unit: 'docs/s', peer: 'pouchdb-http', peer_value: pouchRate, ratio: ours / pouchRate, n, env: peerEnv });
    emit({ bench: 'sync.initial', metric: 'docs_per_s', value: ours, unit: 'docs/s', peer: 'dexie-bulkput', peer_value: floorRate, ratio: ours / floorRate, n, env: { ...env, floor_batch: 5_000 } });
    emit({ bench: 'sync.initial', metric: 'total_s', value: oursMs / 1000, unit: 's', peer: 'pouchdb-http', peer_value: pouchMs / 1000, ratio: pouchMs / oursMs, n, env: peerEnv });
    emit({ bench: 'sync.initial', metric: 'total_s', value: oursMs / 1000, unit: 's', peer: 'dexie-bulkput', peer_value: floor.ms / 1000, ratio: floor.ms / oursMs, n, env });
    emit({ bench: 'sync.initial', metric: 'docs_per_s', value: ours, unit: 'docs/s', peer: 'dexie-bulkput-rxdb-indexes', peer_value: floorRxRate, ratio: ours / floorRxRate, n, env: { ...env, floor_batch: 5_000, floor_tables: "RxDB's Dexie schema" } });

    if (!selected('sync.initial.profile')) return;
    // Where the time goes: the server's side of every page (inline only: it reads the store), then RxDB's writes alone.
    const rxMs = await rxdbInsert(docs, PULL_BATCH);
    const profile = (metric: string, ms: number, extra: Record<string, unknown> = {}) =>
      emit({ bench: 'sync.initial.profile', metric, value: ms, unit: 'ms', share_of_ours: ms / oursMs, n, env: { ...env, ...extra } });
    profile('ours_total_ms', oursMs);
    if (server.ts) {
      const actor: Actor = { id: admin.user!.id, role: 'admin', groupIds: [] };
      const steps: ServerSteps = { sqlMs: 0, mapMs: 0, encodeMs: 0, stringifyMs: 0, parseMs: 0, bytes: 0, pages: 0 };
      for (const c of docs.keys()) await serverSteps(server.ts.store.db, actor, c, PULL_BATCH, steps);
      profile('server_sql_ms', steps.sqlMs, { pages: steps.pages });
      profile('server_rows_to_docs_ms', steps.mapMs);
      profile('server_zod_encode_ms', steps.encodeMs);
      profile('json_stringify_ms', steps.stringifyMs, { bytes: steps.bytes });
      profile('json_parse_ms', steps.parseMs, { bytes: steps.bytes });
    }
    profile('http_pull_only_ms', httpMs, { note: 'pull endpoint: server + HTTP + JSON, sequential, nothing stored', pull_batch: PULL_BATCH });
    profile('rxdb_bulk_insert_ms', rxMs, { note: 'same docs, collection.bulkInsert, no replication' });
    profile('dexie_bulkput_ms', floor.ms);
    if (!Number.isNaN(pullLoopMs)) {
      const rate = (n / pullLoopMs) * 1000;
      emit({ bench: 'sync.initial.profile', metric: 'pull_loop_docs_per_s', value: rate, unit: 'docs/s', peer: 'pouchdb-http', peer_value: pouchRate, ratio: rate / pouchRate, snapshot: ours, floor: floorRate, n, env: { ...env, first_sync: 'rxdb pull loop', pull_batch: PULL_BATCH } });
    }
  } finally {
    await server.stop();
  }
}

if (selected('sync.initial')) {
  log('sync.initial at scale', SCALE, 'on', STORE_KINDS.join(', '));
  for (const kind of STORE_KINDS) await benchStore(kind);
}
