import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotLine, SyncDoc } from '../../src/shared/sync/protocol';
import { snapshotLines } from '../../src/shared/sync/snapshot';
import { createUser, type ApiClient } from '../fixtures/api';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { latest, pullAll } from '../fixtures/sync';
import { eventually, openSyncedClient } from '../fixtures/sync-client';

/**
 * The first sync's fast path: `GET /api/sync/:collection/snapshot` (NDJSON) scoped exactly as a
 * pull from the start, consistent with the checkpoint on its last line; and a fresh client that
 * fills its database from it, then replicates live from that checkpoint without losing anything
 * committed meanwhile, and pushes edits of snapshot documents field by field.
 */
describe.each(STORE_KINDS)('first sync by snapshot on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let requester: ApiClient;
  let other: ApiClient;
  let desk: string;
  const mine: string[] = [];
  let othersTicket: string;

  /** Opens a snapshot and hands back its lines as they arrive. */
  const open = async (as: ApiClient, collection: string, pageSize = 5_000) => {
    const res = await fetch(new URL(`/api/sync/${collection}/snapshot?pageSize=${pageSize}`, as.baseUrl), { headers: { authorization: `Bearer ${as.accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    return snapshotLines(res.body!)[Symbol.asyncIterator]();
  };
  const readAll = async (lines: AsyncIterator<SnapshotLine>) => {
    const all: SnapshotLine[] = [];
    for (let r = await lines.next(); !r.done; r = await lines.next()) all.push(r.value);
    return all;
  };
  const docsOf = (lines: SnapshotLine[]) => lines.flatMap((l) => (l.type === 'page' ? l.documents : []));

  beforeAll(async () => {
    ts = await startTestServer(kind);
    desk = (await ts.admin.post('/api/groups', { name: 'Desk' })).body.id;
    agent = await createUser(ts.admin, 'agent', { groupIds: [desk] });
    requester = await createUser(ts.admin, 'end_user');
    other = await createUser(ts.admin, 'end_user');
    for (let i = 0; i < 12; i++) {
      const t = await ts.admin.post('/api/tickets', { subject: `Laptop ${i}`, description: 'slow', requesterId: requester.user!.id, groupId: desk });
      mine.push(t.body.id);
    }
    othersTicket = (await ts.admin.post('/api/tickets', { subject: 'Payroll export', description: 'private', requesterId: other.user!.id, groupId: desk })).body.id;
    await ts.admin.post(`/api/tickets/${mine[0]}/events`, { kind: 'note', body: 'INTERNAL: replace the disk' });
    await ts.admin.post(`/api/tickets/${mine[0]}/events`, { kind: 'reply', body: 'A new disk is on its way.' });
    await ts.admin.post(`/api/tickets/${othersTicket}/events`, { kind: 'reply', body: 'Payroll reply' });
  });
  afterAll(async () => ts?.close());

  it('an end user gets only their own tickets and public events, never another user’s or an internal note', async () => {
    const tickets = await readAll(await open(requester, 'tickets', 5));
    expect(tickets[0]).toEqual({ type: 'start', total: 12 });
    expect(tickets.filter((l) => l.type === 'page').length).toBeGreaterThan(1);
    expect(docsOf(tickets).map((d) => d.id).sort()).toEqual([...mine].sort());
    expect(tickets.at(-1)).toMatchObject({ type: 'end', count: 12 });
    const events = docsOf(await readAll(await open(requester, 'ticket_events')));
    expect(events.some((e) => String(e.body).includes('INTERNAL'))).toBe(false);
    expect(events.some((e) => e.body === 'Payroll reply')).toBe(false);
    expect(events.some((e) => e.body === 'A new disk is on its way.')).toBe(true);
    expect(events.every((e) => e.public === true && mine.includes(String(e.ticketId)))).toBe(true);
  });

  it('holds the same documents as a full pull from the start, for every role and collection', async () => {
    for (const who of [ts.admin, agent, requester, other]) {
      for (const collection of ['tickets', 'ticket_events', 'users', 'groups', 'kb_articles', 'devices', 'reference'] as const) {
        const pulled = [...latest((await pullAll(who, collection)).documents).values()].filter((d) => !d._deleted);
        const byId = (xs: SyncDoc[]) => Object.fromEntries(xs.map((d) => [d.id, d]));
        expect(byId(docsOf(await readAll(await open(who, collection, 3)))), `${who.user!.role} ${collection}`).toEqual(byId(pulled));
      }
    }
  });

  it('a change committed while the snapshot is read comes with the pull from its checkpoint', async () => {
    const lines = await open(requester, 'tickets', 2);
    const start = await lines.next(); // the clock is read before the first line
    expect(start.value).toMatchObject({ type: 'start' });
    // One ticket on a page still to come, one on a page already sent, one new.
    await ts.admin.patch(`/api/tickets/${mine[11]}`, { subject: 'Laptop 11, renamed while syncing' });
    await ts.admin.patch(`/api/tickets/${mine[0]}`, { priority: 'P1' });
    const added = (await ts.admin.post('/api/tickets', { subject: 'Raised while syncing', description: 'x', requesterId: requester.user!.id })).body.id;
    const rest = await readAll(lines);
    const end = rest.at(-1);
    expect(end?.type).toBe('end');
    const seen = latest(docsOf(rest));
    const after = latest((await pullAll(requester, 'tickets', end!.type === 'end' ? end!.checkpoint : null)).documents);
    for (const d of after.values()) seen.set(d.id, d);
    expect(seen.get(mine[11]!)?.subject).toBe('Laptop 11, renamed while syncing');
    expect(seen.get(mine[0]!)?.priority).toBe('P1');
    expect(seen.get(added)?.subject).toBe('Raised while syncing');
    mine.push(added);
  });

  it('refuses an unknown collection, a bad page size and unknown parameters, and anonymous callers', async () => {
    expect((await requester.get('/api/sync/secrets/snapshot')).status).toBe(400);
    expect((await requester.get('/api/sync/tickets/snapshot?pageSize=0')).status).toBe(400);
    expect((await requester.get('/api/sync/tickets/snapshot?pageSize=abc')).status).toBe(400);
    expect((await requester.get('/api/sync/tickets/snapshot?rev=3')).status).toBe(400);
    expect((await ts.anon.get('/api/sync/tickets/snapshot')).status).toBe(401);
  });

  it('a fresh client fills from the snapshot with progress, then replicates live; an edit of a snapshot ticket merges field by field', async () => {
    const client = await openSyncedClient(agent, { collections: ['tickets', 'ticket_events'] });
    try {
      const expected = [...latest((await pullAll(agent, 'tickets')).documents).values()].filter((d) => !d._deleted).map((d) => d.id);
      const seen: { pulled: number; total: number }[] = [];
      const sub = client.session.status$.subscribe((s) => s.firstSync && seen.push(s.firstSync));
      await client.session.inSync();
      sub.unsubscribe();
      expect((await client.db.tickets.find().exec()).map((d) => d.id).sort()).toEqual(expected.sort());
      expect(client.session.status$.value.firstSync).toBeNull();
      expect(client.session.status$.value.pending).toBe(0);
      // start() waits for the snapshot, so progress was reported before it returned (pulled of total).
      const total = expected.length + (await client.db.ticket_events.count().exec());
      expect(seen.at(-1) ?? { pulled: total, total }).toEqual({ pulled: total, total });

      // Live: a change made elsewhere arrives.
      await eventually(() => expect(client.session.status$.value.connection).toBe('online'));
      await ts.admin.patch(`/api/tickets/${mine[1]}`, { subject: 'Laptop 1, seen live' });
      await eventually(async () => expect((await client.db.tickets.findOne(mine[1]!).exec())?.subject).toBe('Laptop 1, seen live'));

      // Offline, the agent edits the subject of a ticket only ever seen in the snapshot, while an
      // admin changes its priority; back online, both changes stand.
      client.network.cut();
      await ts.admin.patch(`/api/tickets/${mine[2]}`, { priority: 'P2' });
      const doc = await client.db.tickets.findOne(mine[2]!).exec();
      await doc!.incrementalPatch({ subject: 'Laptop 2, edited offline' });
      client.network.restore();
      await eventually(async () => {
        const server = (await ts.admin.get(`/api/tickets/${mine[2]}`)).body;
        expect(server).toMatchObject({ subject: 'Laptop 2, edited offline', priority: 'P2' });
        expect((await client.db.tickets.findOne(mine[2]!).exec())?.toJSON()).toEqual(server);
      }, 15_000);
      expect(client.session.rejected$.value).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('a client closed the moment its replication starts leaves no promise rejecting behind', async () => {
    // A sign-out right after the first sync: RxDB's upstream reads its starting checkpoint before it
    // listens for its cancel, and a cancel in between once left rxjs EmptyErrors unhandled.
    const unhandled: string[] = [];
    const onRejection = (reason: unknown) => unhandled.push(String(reason));
    process.on('unhandledRejection', onRejection);
    try {
      for (let i = 0; i < 4; i++) {
        const client = await openSyncedClient(agent);
        await client.close();
      }
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(unhandled).toEqual([]);
  });

  it('a snapshot cut short keeps what it wrote, and the pull from the start brings the rest', async () => {
    let cut = false;
    const client = await openSyncedClient(agent, {
      collections: ['tickets'],
      snapshotPageSize: 2,
      // The stream is cut after its first pages reach the client, as a closed laptop cuts it.
      wrapFetch: (base) => async (input, init) => {
        const res = await base(input, init);
        if (!String(input).includes('/snapshot') || cut) return res;
        cut = true;
        const reader = res.body!.getReader();
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const r = await reader.read();
            if (r.done || !r.value) return controller.close();
            const text = new TextDecoder().decode(r.value);
            const kept = text.split('\n').slice(0, 2).join('\n') + '\n';
            controller.enqueue(new TextEncoder().encode(kept));
            controller.error(new TypeError('network lost'));
          },
        });
        return new Response(body, { status: 200, headers: res.headers });
      },
    });
    try {
      await client.session.inSync();
      const expected = [...latest((await pullAll(agent, 'tickets')).documents).values()].filter((d) => !d._deleted).map((d) => d.id).sort();
      await eventually(async () => expect((await client.db.tickets.find().exec()).map((d) => d.id).sort()).toEqual(expected));
      expect(cut).toBe(true);
    } finally {
      await client.close();
    }
  });
});
