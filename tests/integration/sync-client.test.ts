import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { FakeClock } from '../fixtures/clock';
import { startTestServer, type TestServer } from '../fixtures/server';
import { eventually, openSyncedClient, type SyncedClient } from '../fixtures/sync-client';

/**
 * A real client: RxDB (Dexie storage) replicating with the real server over HTTP and the live
 * WebSocket stream. One client per realm at a time (the free RxDB build's collection limit).
 */
describe('a client database replicating with the server', () => {
  const clock = new FakeClock(new Date());
  let ts: TestServer;
  let agent: ApiClient;
  let requester: ApiClient;
  let group: string;
  let client: SyncedClient;
  let ticketId: string;

  beforeAll(async () => {
    ts = await startTestServer('pglite', { clock: clock.now });
    group = (await ts.admin.post('/api/groups', { name: 'Desk' })).body.id;
    agent = await createUser(ts.admin, 'agent', { groupIds: [group] });
    requester = await createUser(ts.admin, 'end_user');
    for (let i = 0; i < 30; i++) {
      await ts.admin.post('/api/tickets', { subject: `Seed ${i}`, description: 'seed', requesterId: requester.user!.id, groupId: group });
    }
    ticketId = (await ts.admin.post('/api/tickets', { subject: 'Monitor flickers', description: 'HDMI', requesterId: requester.user!.id, groupId: group })).body.id;
    client = await openSyncedClient(agent, { pullBatchSize: 7 });
  });
  afterAll(async () => {
    await client?.close();
    await ts?.close();
  });

  it('first sync brings everything the agent may see, and reports progress up to the total', async () => {
    const seen: { pulled: number; total: number }[] = [];
    const sub = client.session.status$.subscribe((s) => s.firstSync && seen.push(s.firstSync));
    await client.session.inSync();
    sub.unsubscribe();
    expect(await client.db.tickets.count().exec()).toBe(31);
    await eventually(() => expect(client.session.status$.value.connection).toBe('online'));
    expect(client.session.status$.value.firstSync).toBeNull();
    expect(client.session.status$.value.pending).toBe(0);
  });

  it('a change made elsewhere arrives over the live stream', async () => {
    await ts.admin.post(`/api/tickets/${ticketId}/events`, { kind: 'reply', body: 'Try another cable' });
    await eventually(async () => {
      const events = await client.db.ticket_events.find({ selector: { ticketId } }).exec();
      expect(events.map((e) => e.body)).toContain('Try another cable');
    });
  });

  it('a local write is pushed and lands on the server', async () => {
    const id = crypto.randomUUID();
    await client.db.ticket_events.insert({
      id, ticketId, kind: 'note', public: false, authorId: agent.user!.id, body: 'Swapped the cable', changes: null, attachmentIds: [],
      createdAt: new Date().toISOString(),
    });
    await eventually(async () => {
      const events = (await ts.admin.get(`/api/tickets/${ticketId}/events`)).body.items;
      expect(events.find((e: any) => e.id === id)).toMatchObject({ kind: 'note', body: 'Swapped the cable', authorId: agent.user!.id });
    });
    await eventually(() => expect(client.session.status$.value.pending).toBe(0));
  });

  it('offline, work goes on locally; back online, both sides converge with nothing lost', async () => {
    client.network.cut();
    await eventually(() => expect(client.session.status$.value.connection).toBe('offline'));
    const doc = await client.db.tickets.findOne(ticketId).exec();
    await doc!.incrementalPatch({ priority: 'P1' });
    const replyId = crypto.randomUUID();
    await client.db.ticket_events.insert({
      id: replyId, ticketId, kind: 'reply', public: true, authorId: agent.user!.id, body: 'Written on the train', changes: null, attachmentIds: [],
      createdAt: new Date().toISOString(),
    });
    // Meanwhile someone else changes another field on the server.
    await ts.admin.patch(`/api/tickets/${ticketId}`, { tags: ['hardware'] });
    await eventually(() => expect(client.session.status$.value.pending).toBe(2));

    client.network.restore();
    await eventually(async () => {
      const server = (await ts.admin.get(`/api/tickets/${ticketId}`)).body;
      expect(server).toMatchObject({ priority: 'P1', tags: ['hardware'] });
      const local = await client.db.tickets.findOne(ticketId).exec();
      expect(local!.toJSON()).toMatchObject({ priority: 'P1', tags: ['hardware'] });
      const events = (await ts.admin.get(`/api/tickets/${ticketId}/events`)).body.items;
      expect(events.some((e: any) => e.id === replyId)).toBe(true);
    }, 15_000);
    await eventually(() => expect(client.session.status$.value).toMatchObject({ connection: 'online', pending: 0 }));
  });

  it('comes back online when requests get through again even if the live stream never dropped', async () => {
    client.network.online = false; // requests fail; the open socket stays up
    const doc = await client.db.tickets.findOne(ticketId).exec();
    await doc!.incrementalPatch({ tags: ['flaky-wifi'] });
    await eventually(() => expect(client.session.status$.value.connection).toBe('offline'));
    client.network.restore();
    await eventually(() => expect(client.session.status$.value).toMatchObject({ connection: 'online', pending: 0, error: null }), 15_000);
    expect((await ts.admin.get(`/api/tickets/${ticketId}`)).body.tags).toEqual(['flaky-wifi']);
  });

  it('keeps replicating across an access-token refresh', async () => {
    clock.advance(16 * 60_000); // the access token has expired
    await ts.admin.post(`/api/tickets/${ticketId}/events`, { kind: 'reply', body: 'After the refresh' });
    await eventually(async () => {
      const events = await client.db.ticket_events.find({ selector: { ticketId } }).exec();
      expect(events.map((e) => e.body)).toContain('After the refresh');
    });
    const id = crypto.randomUUID();
    await client.db.ticket_events.insert({
      id, ticketId, kind: 'note', public: false, authorId: agent.user!.id, body: 'pushed with a new token', changes: null, attachmentIds: [],
      createdAt: new Date().toISOString(),
    });
    await eventually(async () => {
      const events = (await ts.admin.get(`/api/tickets/${ticketId}/events`)).body.items;
      expect(events.some((e: any) => e.id === id)).toBe(true);
    });
  });

  it('a ticket moved out of the agent’s groups disappears from the local database', async () => {
    const other = (await ts.admin.post('/api/groups', { name: 'Elsewhere' })).body.id;
    await ts.admin.patch(`/api/tickets/${ticketId}`, { groupId: other });
    await eventually(async () => {
      expect(await client.db.tickets.findOne(ticketId).exec()).toBeNull();
      expect(await client.db.ticket_events.count({ selector: { ticketId } }).exec()).toBe(0);
    });
    await ts.admin.patch(`/api/tickets/${ticketId}`, { groupId: group });
    await eventually(async () => expect(await client.db.tickets.findOne(ticketId).exec()).not.toBeNull());
  });
});

describe('a refused change is shown, never lost silently', () => {
  let ts: TestServer;
  let client: SyncedClient;
  beforeAll(async () => {
    ts = await startTestServer('pglite');
  });
  afterAll(async () => {
    await client?.close();
    await ts?.close();
  });

  it('an end user raising the priority locally sees why it was refused, and the server value comes back', async () => {
    const requester = await createUser(ts.admin, 'end_user');
    const t = (await ts.admin.post('/api/tickets', { subject: 'Keyboard', description: 'sticky', requesterId: requester.user!.id })).body;
    client = await openSyncedClient(requester, { collections: ['tickets', 'ticket_events'] });
    await client.session.inSync();
    const doc = await client.db.tickets.findOne(t.id).exec();
    await doc!.incrementalPatch({ priority: 'P1' });
    await eventually(() => expect(client.session.rejected$.value).toHaveLength(1));
    const [rejected] = client.session.rejected$.value;
    expect(rejected).toMatchObject({ id: t.id, collection: 'tickets', code: 'forbidden' });
    expect(rejected!.attempted).toMatchObject({ priority: 'P1' });
    expect(client.session.status$.value.error?.message).toMatch(/not saved/);
    await eventually(async () => expect((await client.db.tickets.findOne(t.id).exec())!.priority).toBe('P3'));
    expect((await ts.admin.get(`/api/tickets/${t.id}`)).body.priority).toBe('P3');
  });
});
