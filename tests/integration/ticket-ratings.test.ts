import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { eventually, openSyncedClient } from '../fixtures/sync-client';

/**
 * Rating a resolved ticket: only its requester, only once it is resolved or closed, once per
 * resolution; through the REST API and through a sync push alike, and seen by the agents.
 */
describe.each(STORE_KINDS)('ticket ratings on %s', (kind) => {
  let ts: TestServer;
  let requester: ApiClient;
  let agent: ApiClient;

  beforeAll(async () => {
    ts = await startTestServer(kind);
    requester = await createUser(ts.admin, 'end_user');
    agent = await createUser(ts.admin, 'agent');
  }, 180_000);
  afterAll(async () => ts?.close(), 60_000);

  const raise = async (subject: string) => (await requester.post('/api/tickets', { subject, description: '' })).body as { id: string; number: number };
  const resolve = async (id: string) => expect((await agent.patch(`/api/tickets/${id}`, { status: 'resolved' })).status).toBe(200);
  const rate = (client: ApiClient, id: string, body: unknown) => client.post(`/api/tickets/${id}/rating`, body);

  it('the requester rates a resolved ticket once; the agent reads the score and comment among its events', async () => {
    const t = await raise('Printer jams');
    const early = await rate(requester, t.id, { score: 5 });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('once it is resolved');

    await resolve(t.id);
    const before = (await agent.get(`/api/tickets/${t.id}`)).body.updatedAt;
    const res = await rate(requester, `T-${t.number}`, { score: 4, comment: '  Quick, thanks  ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'rating', score: 4, body: 'Quick, thanks', public: true, authorId: requester.user!.id, ticketId: t.id });
    // A rating is not work on the ticket: the queue's order does not move.
    expect((await agent.get(`/api/tickets/${t.id}`)).body.updatedAt).toBe(before);

    const events = (await agent.get(`/api/tickets/${t.id}/events`)).body.items as { kind: string; score?: number; body: string | null }[];
    expect(events.filter((e) => e.kind === 'rating')).toEqual([expect.objectContaining({ score: 4, body: 'Quick, thanks' })]);
    // Other kinds carry no score.
    expect(events.filter((e) => e.kind !== 'rating').every((e) => !('score' in e))).toBe(true);

    const second = await rate(requester, t.id, { score: 1 });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain('already rated');
  });

  it('a retry with the same id answers the stored rating; the id cannot be reused elsewhere', async () => {
    const t = await raise('VPN drops');
    await resolve(t.id);
    const id = randomUUID();
    expect((await rate(requester, t.id, { id, score: 2 })).status).toBe(201);
    const again = await rate(requester, t.id, { id, score: 2 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id, score: 2 });
    const other = await raise('Other');
    await resolve(other.id);
    expect((await rate(requester, other.id, { id, score: 3 })).status).toBe(409);
  });

  it('a reopened and resolved-again ticket can be rated again; a closed one too', async () => {
    const t = await raise('Slow laptop');
    await resolve(t.id);
    expect((await rate(requester, t.id, { score: 2, comment: 'Came back' })).status).toBe(201);
    expect((await requester.patch(`/api/tickets/${t.id}`, { status: 'open' })).status).toBe(200);
    expect((await rate(requester, t.id, { score: 3 })).status).toBe(409);
    await resolve(t.id);
    expect((await rate(requester, t.id, { score: 5 })).status).toBe(201);
    expect((await agent.patch(`/api/tickets/${t.id}`, { status: 'closed' })).status).toBe(200);
    expect((await rate(requester, t.id, { score: 5 })).status).toBe(409);

    const closed = await raise('Closed straight away');
    expect((await agent.patch(`/api/tickets/${closed.id}`, { status: 'closed' })).status).toBe(200);
    expect((await rate(requester, closed.id, { score: 3 })).status).toBe(201);
  });

  it('refuses anyone but the requester, hides tickets one cannot see, and checks the score', async () => {
    const t = await raise('Monitor flickers');
    await resolve(t.id);
    expect((await rate(agent, t.id, { score: 5 })).status).toBe(403);
    expect((await rate(ts.admin, t.id, { score: 5 })).status).toBe(403);
    const stranger = await createUser(ts.admin, 'end_user');
    expect((await rate(stranger, t.id, { score: 5 })).status).toBe(404);
    for (const body of [{ score: 0 }, { score: 6 }, { score: 3.5 }, { score: '5' }, {}, { score: 3, comment: 'x'.repeat(2001) }, { score: 3, extra: 1 }]) {
      const res = await rate(requester, t.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const events = (await agent.get(`/api/tickets/${t.id}/events`)).body.items as { kind: string }[];
    expect(events.some((e) => e.kind === 'rating')).toBe(false);
  });

  it('a rating written to the local database while offline reaches the server; a second one is refused with its reason', async () => {
    const t = await raise('Headset crackles');
    await resolve(t.id);
    const client = await openSyncedClient(requester, { collections: ['tickets', 'ticket_events'] });
    try {
      await eventually(async () => expect((await client.db.tickets.findOne(t.id).exec())?.status).toBe('resolved'));
      client.network.cut();
      const id = randomUUID();
      const doc = { id, ticketId: t.id, kind: 'rating' as const, public: true, authorId: requester.user!.id, body: 'Works now', changes: null, attachmentIds: [], createdAt: new Date().toISOString(), score: 5 };
      await client.db.ticket_events.insert(doc);
      client.network.restore();
      await eventually(async () => {
        const events = (await agent.get(`/api/tickets/${t.id}/events`)).body.items as { id: string; score?: number }[];
        expect(events.find((e) => e.id === id)).toMatchObject({ score: 5, body: 'Works now' });
      }, 20_000);

      await client.db.ticket_events.insert({ ...doc, id: randomUUID(), score: 1, body: 'Changed my mind' });
      await eventually(() => {
        const refused = client.session.rejected$.value;
        expect(refused.some((r) => r.message.includes('already rated'))).toBe(true);
      }, 20_000);
    } finally {
      await client.close();
    }
  });

  it('a pushed rating is checked like the REST one', async () => {
    const t = await raise('Keyboard');
    const push = (doc: Record<string, unknown>) =>
      requester.post('/api/sync/ticket_events/push', { rows: [{ assumedMasterState: null, newDocumentState: { id: randomUUID(), ticketId: t.id, kind: 'rating', public: true, authorId: null, body: null, changes: null, attachmentIds: [], createdAt: new Date().toISOString(), _deleted: false, ...doc } }] });
    const notYet = await push({ score: 4 });
    expect(notYet.body.rejections[0]).toMatchObject({ code: 'conflict' });
    await resolve(t.id);
    const bad = await push({ score: 9 });
    expect(bad.body.rejections[0]).toMatchObject({ code: 'validation_failed' });
    const ok = await push({ score: 4 });
    expect(ok.body.rejections).toEqual([]);
  });
});
