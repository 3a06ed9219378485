import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server';
import { ApiClient, createUser } from '../fixtures/api';
import { startInstancePair, type InstancePair } from '../fixtures/server-instance';
import { STORE_KINDS } from '../fixtures/stores';
import { latest, openStream, pullAll, type StreamProbe } from '../fixtures/sync';
import { eventually, openSyncedClient, type SyncedClient } from '../fixtures/sync-client';

/**
 * Two server instances over one PostgreSQL database, each with its own connection pool and its own
 * LISTEN connection, as a deployment behind a load balancer runs them: a change written through
 * one reaches the live streams of the other (NOTIFY), and a pull answers the same through either.
 */
const hasPostgres = STORE_KINDS.includes('postgres');
describe.skipIf(!hasPostgres)(
  // Instances share a database only through PostgreSQL; PGlite is embedded in one process.
  hasPostgres ? 'two server instances on one PostgreSQL' : 'two server instances on one PostgreSQL (skipped: no PostgreSQL reachable)',
  () => {
    let pair: InstancePair;
    let one: RunningServer;
    let two: RunningServer;
    const streams: StreamProbe[] = [];
    let client: SyncedClient | null = null;
    let group: string;
    /** The same signed-in people, talking to instance 1 and to instance 2. */
    let admin1: ApiClient;
    let admin2: ApiClient;
    let agent1: ApiClient;
    let agent2: ApiClient;
    let requester1: ApiClient;
    let requester2: ApiClient;

    /** The same user's tokens on the other instance (the signing secret is in the shared store). */
    const on = (server: RunningServer, api: ApiClient): ApiClient => {
      const other = new ApiClient(server.url);
      other.accessToken = api.accessToken;
      other.refreshToken = api.refreshToken;
      other.user = api.user;
      return other;
    };

    beforeAll(async () => {
      pair = await startInstancePair();
      ({ one, two, admin1 } = pair);
      expect(one.url).not.toBe(two.url);
      admin2 = on(two, admin1);
      group = (await admin2.post('/api/groups', { name: 'Field service' })).body.id;
      agent1 = await createUser(admin1, 'agent', { groupIds: [group] });
      agent2 = on(two, agent1);
      requester1 = await createUser(admin1, 'end_user');
      requester2 = on(two, requester1);
    });
    afterAll(async () => {
      for (const s of streams) s.close();
      await client?.close();
      await pair?.close();
    });

    it('a ticket and a reply written through instance 2 reach a stream on instance 1, and the other way round', async () => {
      const on1 = await openStream(agent1);
      const on2 = await openStream(requester2);
      streams.push(on1, on2);
      const ticket = (await admin2.post('/api/tickets', { subject: 'Projector in room 4', description: 'no signal', requesterId: requester1.user!.id, groupId: group })).body;
      expect(ticket.id).toBeTruthy();
      await on1.until((m) => m.type === 'changes' && m.collection === 'tickets' && m.documents.some((d) => d.id === ticket.id && d.subject === 'Projector in room 4'));

      // Written through instance 1, seen by the requester's stream on instance 2.
      await agent1.post(`/api/tickets/${ticket.id}/events`, { kind: 'reply', body: 'Bringing an adapter' });
      await on2.until((m) => m.type === 'changes' && m.collection === 'ticket_events' && m.documents.some((d) => d.body === 'Bringing an adapter'));
      // An internal note through instance 2 reaches the agent, never the requester's stream.
      await agent2.post(`/api/tickets/${ticket.id}/events`, { kind: 'note', body: 'INTERNAL: adapter in cabinet B' });
      await on1.until((m) => m.type === 'changes' && m.documents.some((d) => d.body === 'INTERNAL: adapter in cabinet B'));
      await new Promise((r) => setTimeout(r, 200));
      expect(on2.docs('ticket_events').some((d) => String(d.body).includes('INTERNAL'))).toBe(false);
    });

    it('a synced client streaming from instance 1 receives a change pushed through instance 2, and its own push reaches instance 2', async () => {
      const ticket = (await admin1.post('/api/tickets', { subject: 'Badge reader', description: 'red light', requesterId: requester1.user!.id, groupId: group })).body;
      client = await openSyncedClient(agent1, { collections: ['tickets', 'ticket_events'] });
      await client.session.inSync();
      await eventually(() => expect(client!.session.status$.value.connection).toBe('online'));
      expect((await client.db.tickets.findOne(ticket.id).exec())?.subject).toBe('Badge reader');

      // The requester writes through instance 2's sync push; the agent's client only has instance 1.
      const replyId = crypto.randomUUID();
      const pushed = await requester2.post('/api/sync/ticket_events/push', {
        rows: [{ assumedMasterState: null, newDocumentState: { id: replyId, ticketId: ticket.id, kind: 'reply', public: true, authorId: requester1.user!.id, body: 'It beeps now', changes: null, attachmentIds: [], createdAt: new Date().toISOString(), _deleted: false } }],
      });
      expect(pushed.status).toBe(200);
      expect(pushed.body.rejections).toEqual([]);
      await admin2.patch(`/api/tickets/${ticket.id}`, { priority: 'P2' });
      await eventually(async () => {
        expect((await client!.db.ticket_events.findOne(replyId).exec())?.body).toBe('It beeps now');
        expect((await client!.db.tickets.findOne(ticket.id).exec())?.priority).toBe('P2');
      });

      // And the client's own write, pushed to instance 1, is read back through instance 2.
      const noteId = crypto.randomUUID();
      await client.db.ticket_events.insert({ id: noteId, ticketId: ticket.id, kind: 'note', public: false, authorId: agent1.user!.id, body: 'Replaced the reader', changes: null, attachmentIds: [], createdAt: new Date().toISOString() });
      await eventually(async () => {
        const events = (await admin2.get(`/api/tickets/${ticket.id}/events`)).body.items as { id: string; body: string }[];
        expect(events.find((e) => e.id === noteId)?.body).toBe('Replaced the reader');
      });
    });

    it('pulls through either instance agree, for every role and collection, whatever the page size', async () => {
      for (const [a, b] of [
        [admin1, admin2],
        [agent1, agent2],
        [requester1, requester2],
      ] as const) {
        for (const collection of ['tickets', 'ticket_events', 'users'] as const) {
          const via1 = await pullAll(a, collection, null, 2);
          const via2 = await pullAll(b, collection, null, 500);
          const docs1 = latest(via1.documents);
          const docs2 = latest(via2.documents);
          expect(docs1.size).toBeGreaterThan(0);
          expect(Object.fromEntries(docs1)).toEqual(Object.fromEntries(docs2));
          expect(via1.checkpoint!.rev).toBe(via2.checkpoint!.rev);
        }
      }
      // A checkpoint from instance 1 continues on instance 2 with the change made after it.
      const from = (await pullAll(agent1, 'tickets')).checkpoint;
      const ticket = (await admin1.post('/api/tickets', { subject: 'After the checkpoint', description: '', groupId: group })).body;
      const next = await pullAll(agent2, 'tickets', from);
      expect(next.documents.map((d) => d.id)).toEqual([ticket.id]);
    });
  },
);
