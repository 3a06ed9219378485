import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { createUser, ApiClient } from '../tests/fixtures/api';
import { ADMIN } from '../tests/fixtures/server';
import { STORE_KINDS, type StoreKindUnderTest } from '../tests/fixtures/stores';
import { openBenchClient, type BenchClient } from './lib/client';
import { emit, log, percentile, scaled, selected, SCALE } from './lib/report';

/**
 * sync.live: with 200 clients on the live stream, the time from an edit on one client to its
 * arrival on the others. The server runs in a child process. Most receivers are raw stream
 * connections (the real WebSocket protocol) in worker threads; a few are full clients (RxDB +
 * SyncSession, one collection each, so the free build's 13-collection limit holds), whose arrival
 * is the document landing in RxDB. Edits are made two ways: a write into the editor's RxDB that
 * its SyncSession pushes, and a REST write.
 * server.memory: the server process's RSS and heap before and with those 200 streams.
 */
export const BENCHES = ['sync.live', 'server.memory'] as const;

const CLIENTS = scaled(200);
const FULL = Math.min(5, CLIENTS);
const RAW = CLIENTS - FULL;
const WORKERS = 2;
const EDITS = scaled(300);
/** The helpdesk behind the stream: as large as the first-sync benchmark's (BENCH_LIVE_SEED=0: empty). */
const SEED = process.env.BENCH_LIVE_SEED === '0' ? null : { tickets: scaled(50_000), eventsPerTicket: 4, requesters: scaled(5_000), agents: 60, groups: 8 };
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ServerProcess {
  url: string;
  pid: number;
  memory(): Promise<{ rss: number; heapUsed: number; heapTotal: number; external: number; vmRssKb: number }>;
  close(): Promise<void>;
}

async function startServerProcess(kind: StoreKindUnderTest): Promise<ServerProcess> {
  const child: ChildProcess = fork(new URL('./lib/live-server.ts', import.meta.url).pathname, [kind, JSON.stringify(SEED)], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
    });
  const ready = await next('ready');
  const pid = ready.pid as number;
  return {
    url: ready.url as string,
    pid,
    async memory() {
      const reply = next('memory');
      child.send({ type: 'memory' });
      const usage = (await reply).usage as NodeJS.MemoryUsage;
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const vmRssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return { rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, vmRssKb };
    },
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'close' });
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Creates `n` agents of a group, a few at a time (each sign-up hashes a password). */
async function agents(admin: ApiClient, group: string, n: number): Promise<ApiClient[]> {
  const out: ApiClient[] = [];
  for (let i = 0; i < n; i += 8) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(8, n - i) }, () => createUser(admin, 'agent', { groupIds: [group] })))));
  }
  return out;
}

function startReceivers(url: string, tokens: string[]): Promise<Worker[]> {
  const per = Math.ceil(tokens.length / WORKERS);
  return Promise.all(
    Array.from({ length: WORKERS }, (_, w) => {
      const worker = new Worker(new URL('./lib/stream-receivers.mjs', import.meta.url), {
        workerData: { url, tokens: tokens.slice(w * per, (w + 1) * per), collection: 'ticket_events' },
      });
      return new Promise<Worker>((resolve, reject) => {
        worker.once('message', () => resolve(worker));
        worker.once('error', reject);
      });
    }),
  );
}

async function collectArrivals(workers: Worker[]): Promise<{ arrivals: Map<string, number[]>; unexpected: number }> {
  const arrivals = new Map<string, number[]>();
  let unexpected = 0;
  for (const w of workers) {
    const reply = new Promise<{ arrivals: [string, number[]][]; unexpected: number }>((resolve) => w.once('message', resolve));
    w.postMessage({ type: 'arrivals' });
    const r = await reply;
    unexpected += r.unexpected;
    for (const [id, times] of r.arrivals) arrivals.set(id, [...(arrivals.get(id) ?? []), ...times.filter((t) => t !== undefined && t !== null)]);
  }
  return { arrivals, unexpected };
}

async function benchStore(kind: StoreKindUnderTest): Promise<void> {
  const server = await startServerProcess(kind);
  const full: BenchClient[] = [];
  let workers: Worker[] = [];
  try {
    const admin = new ApiClient(server.url);
    await admin.signIn(ADMIN.email, ADMIN.password);
    const group = (await admin.post('/api/groups', { name: 'Floor 3 desk' })).body.id as string;
    const requester = await createUser(admin, 'end_user');
    const tickets: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await admin.post('/api/tickets', { subject: `Printer ${i} jams`, description: 'Tray 2', requesterId: requester.user!.id, groupId: group });
      tickets.push(res.body.id as string);
    }
    log(`[${kind}] creating`, CLIENTS, 'agents');
    const users = await agents(admin, group, CLIENTS);
    const before = await server.memory();

    // The receivers: raw streams in worker threads, and full clients in this thread.
    workers = await startReceivers(server.url, users.slice(FULL).map((u) => u.accessToken!));
    const landed = new Map<string, number[]>();
    const writeMs: Record<'push' | 'rest', number[]> = { push: [], rest: [] };
    for (const api of users.slice(0, FULL)) {
      const onRequest = full.length === 0 ? (url: string, ms: number) => url.includes('/push') && writeMs.push.push(ms) : undefined;
      const c = await openBenchClient(api, { collections: ['ticket_events'], ...(onRequest ? { onRequest } : {}) });
      await c.session.inSync();
      const index = full.length;
      c.db.ticket_events.eventBulks$.subscribe((bulk) => {
        const at = now();
        for (const e of bulk.events) {
          const list = landed.get(e.documentId);
          if (list && list[index] === undefined) list[index] = at;
        }
      });
      full.push(c);
    }
    await sleep(500);
    const withStreams = await server.memory();
    log(`[${kind}]`, RAW, 'raw streams and', FULL, 'full clients connected');

    // Edits, one at a time: the next starts once every full client has the last (or after 3 s).
    const editor = full[0]!;
    const started = new Map<string, { at: number; how: 'push' | 'rest' }>();
    for (let i = 0; i < EDITS; i++) {
      const how = i % 2 === 0 ? 'push' : 'rest';
      const id = crypto.randomUUID();
      const ticketId = tickets[i % tickets.length]!;
      landed.set(id, []);
      const at = now();
      started.set(id, { at, how });
      if (how === 'push') {
        await editor.db.ticket_events.insert({
          id, ticketId, kind: 'note', public: false, authorId: users[0]!.user!.id, body: `Checked tray ${i}`, changes: null, attachmentIds: [],
          createdAt: new Date().toISOString(),
        });
      } else {
        const res = await users[1]!.post(`/api/tickets/${ticketId}/events`, { id, kind: 'note', body: `Checked cable ${i}` });
        writeMs.rest.push(now() - at);
        if (res.status !== 201 && res.status !== 200) throw new Error(`REST write: ${res.status} ${JSON.stringify(res.body)}`);
      }
      const deadline = Date.now() + 3_000;
      // Every full client counts: the editor's own holds a pushed write at once (its local insert).
      while (Date.now() < deadline && landed.get(id)!.filter((t) => t !== undefined).length < FULL) await sleep(2);
      await sleep(10);
    }
    await sleep(1_000);
    const { arrivals, unexpected } = await collectArrivals(workers);
    const afterEdits = await server.memory();

    for (const how of ['push', 'rest'] as const) {
      const ids = [...started].filter(([, s]) => s.how === how);
      const stream: number[] = [];
      const slowest: number[] = [];
      const rx: number[] = [];
      let missing = 0;
      for (const [id, s] of ids) {
        const times = arrivals.get(id) ?? [];
        missing += RAW - times.length;
        for (const t of times) stream.push(t - s.at);
        if (times.length) slowest.push(Math.max(...times) - s.at);
        // The editor's own RxDB (index 0) is not a receiver of a pushed edit.
        const own = how === 'push' ? 1 : 0;
        for (const t of landed.get(id)!.slice(own)) if (t !== undefined) rx.push(t - s.at);
      }
      const env = { store: kind, seeded_docs: SEED ? SEED.tickets * (SEED.eventsPerTicket + 1) : 0, edit: how, clients: CLIENTS, raw_streams: RAW, rxdb_clients: FULL, receiver_threads: WORKERS, server: 'child process' };
      const line = (metric: string, values: number[], receiver: string, extra: Record<string, unknown> = {}) =>
        emit({
          bench: 'sync.live', metric, value: percentile(values, 50), unit: 'ms',
          p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: Math.max(...values),
          n: ids.length, samples: values.length, env: { ...env, receiver, ...extra },
        });
      line('edit_to_arrival_ms', stream, 'raw stream', { missing, unexpected_messages: unexpected });
      line('edit_to_last_arrival_ms', slowest, 'slowest of the raw streams');
      line('edit_to_rxdb_ms', rx, 'full client: SyncSession into RxDB');
      // Part of the above: until the server answered the write (push request, or REST call).
      line('write_response_ms', writeMs[how], how === 'push' ? 'editor: push request' : 'editor: REST request');
    }

    const mb = (b: number) => b / 1024 / 1024;
    const memEnv = { store: kind, seeded_docs: SEED ? SEED.tickets * (SEED.eventsPerTicket + 1) : 0, streams: CLIENTS, note: 'server in its own process, after a full GC; pglite keeps its database in this process' };
    emit({ bench: 'server.memory', metric: 'rss_mb', value: mb(withStreams.rss), unit: 'MB', baseline: mb(before.rss), delta_per_stream_kb: (withStreams.rss - before.rss) / 1024 / CLIENTS, after_edits: mb(afterEdits.rss), n: CLIENTS, env: memEnv });
    emit({ bench: 'server.memory', metric: 'heap_used_mb', value: mb(withStreams.heapUsed), unit: 'MB', baseline: mb(before.heapUsed), delta_per_stream_kb: (withStreams.heapUsed - before.heapUsed) / 1024 / CLIENTS, after_edits: mb(afterEdits.heapUsed), n: CLIENTS, env: memEnv });
  } finally {
    for (const c of full) await c.close().catch(() => {});
    for (const w of workers) w.postMessage({ type: 'close' });
    await sleep(300);
    await server.close();
  }
}

if (selected('sync.live') || selected('server.memory')) {
  log('sync.live at scale', SCALE, 'on', STORE_KINDS.join(', '));
  for (const kind of STORE_KINDS) await benchStore(kind);
  process.exit(0);
}
