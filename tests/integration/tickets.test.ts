import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket, TicketEvent } from '../../src/shared/domain/ticket';
import { createUser, type ApiClient } from '../fixtures/api';
import { FakeClock } from '../fixtures/clock';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

describe.each(STORE_KINDS)('tickets on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let supervisor: ApiClient;
  let endUser: ApiClient;
  let groupId: string;
  // Each write moves the clock a second on, so times and "newest first" have one right answer.
  const clock = new FakeClock('2026-03-02T08:00:00.000Z');

  beforeAll(async () => {
    ts = await startTestServer(kind, { clock: clock.now });
    const group = await ts.admin.post('/api/groups', { name: 'Service desk' });
    groupId = group.body.id;
    agent = await createUser(ts.admin, 'agent', { groupIds: [groupId] });
    supervisor = await createUser(ts.admin, 'supervisor');
    endUser = await createUser(ts.admin, 'end_user');
  });
  afterAll(async () => {
    await ts?.close();
  });

  const raise = async (client: ApiClient, ticket: Record<string, unknown>): Promise<Ticket> => {
    clock.advance(1000);
    const res = await client.post<Ticket>('/api/tickets', { description: '', ...ticket });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const patch = async (client: ApiClient, ref: string, body: Record<string, unknown>) => {
    clock.advance(1000);
    return client.patch(`/api/tickets/${ref}`, body);
  };
  const post = async (client: ApiClient, ref: string, body: Record<string, unknown>) => {
    clock.advance(1000);
    return client.post(`/api/tickets/${ref}/events`, body);
  };
  const events = async (client: ApiClient, ref: string): Promise<TicketEvent[]> => {
    const res = await client.get<{ items: TicketEvent[] }>(`/api/tickets/${ref}/events`);
    expect(res.status).toBe(200);
    return res.body.items;
  };

  it('an end user raises a ticket with the defaults filled in and themselves as requester', async () => {
    const t = await raise(endUser, { subject: '  Printer jams  ', description: 'Tray 2', channel: 'tray' });
    expect(t).toMatchObject({
      subject: 'Printer jams',
      description: 'Tray 2',
      requesterId: endUser.user!.id,
      status: 'new',
      priority: 'P3',
      type: 'incident',
      channel: 'tray',
      assigneeId: null,
      groupId: null,
      category: null,
      tags: [],
      cc: [],
      customFields: {},
      linkedIds: [],
      resolvedAt: null,
      closedAt: null,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
    });
    expect(t.number).toBeGreaterThanOrEqual(1001);
    const api = await raise(agent, { subject: 'No channel given' });
    expect(api.channel).toBe('api');
    expect(api.number).toBe(t.number + 1);
  });

  it('reads a ticket by id, by T-number and by bare number; anything else is 404', async () => {
    const t = await raise(agent, { subject: 'Lookup' });
    for (const ref of [t.id, `T-${t.number}`, `t-${t.number}`, String(t.number)]) {
      const res = await agent.get<Ticket>(`/api/tickets/${ref}`);
      expect(res.status, ref).toBe(200);
      expect(res.body.id).toBe(t.id);
    }
    for (const ref of ['T-999999', randomUUID(), 'banana']) {
      const res = await agent.get(`/api/tickets/${ref}`);
      expect(res.status, ref).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('an agent raises a ticket on behalf of someone, routed and prioritised', async () => {
    const t = await raise(agent, { subject: 'Laptop for new hire', requesterId: endUser.user!.id, groupId, assigneeId: agent.user!.id, priority: 'P2', type: 'service_request', tags: ['onboarding', 'onboarding'], cc: [supervisor.user!.id], channel: 'console' });
    expect(t).toMatchObject({ requesterId: endUser.user!.id, groupId, assigneeId: agent.user!.id, priority: 'P2', type: 'service_request', tags: ['onboarding'], cc: [supervisor.user!.id], channel: 'console' });
    const seen = await endUser.get<Ticket>(`/api/tickets/${t.id}`);
    expect(seen.status).toBe(200);
  });

  it('an end user cannot route, prioritise or raise for someone else (403 with a sentence)', async () => {
    for (const extra of [{ priority: 'P1' }, { groupId }, { assigneeId: agent.user!.id }, { requesterId: agent.user!.id }]) {
      const res = await endUser.post('/api/tickets', { subject: 'Pushy', description: '', ...extra });
      expect(res.status, JSON.stringify(extra)).toBe(403);
      expect(res.body.error.message).toContain(Object.keys(extra)[0]);
    }
  });

  it('refuses unknown fields, wrong types and missing subjects with a 400 and a message', async () => {
    const cases = [
      { subject: 'x', description: '', number: 5 },
      { subject: 'x', description: '', id: randomUUID() },
      { subject: 'x', description: '', priority: 'urgent' },
      { subject: 'x', description: '', tags: 'one' },
      { subject: '   ', description: '' },
      { description: 'no subject' },
    ];
    for (const body of cases) {
      const res = await agent.post('/api/tickets', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.message.length).toBeGreaterThan(5);
    }
    const t = await raise(agent, { subject: 'Patch me' });
    for (const body of [{}, { number: 9 }, { createdAt: '2020-01-01T00:00:00Z' }, { requesterId: agent.user!.id }, { status: 'done' }]) {
      const res = await patch(agent, t.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('refuses references to records that do not exist', async () => {
    const t = await raise(agent, { subject: 'References' });
    const ghost = randomUUID();
    const cases: [Record<string, unknown>, string][] = [
      [{ assigneeId: ghost }, 'assigneeId'],
      [{ assigneeId: endUser.user!.id }, 'assigneeId'],
      [{ groupId: ghost }, 'groupId'],
      [{ deviceId: ghost }, 'deviceId'],
      [{ parentId: ghost }, 'parentId'],
      [{ parentId: t.id }, 'parentId'],
      [{ linkedIds: [ghost] }, 'linkedIds'],
      [{ linkedIds: [t.id] }, 'linkedIds'],
      [{ cc: [ghost] }, 'cc'],
    ];
    for (const [body, field] of cases) {
      const res = await patch(agent, t.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed' });
      expect(res.body.error.message).toContain(field);
    }
    const created = await agent.post('/api/tickets', { subject: 'x', description: '', requesterId: ghost });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain('requesterId');
    const other = await raise(agent, { subject: 'Parent' });
    const ok = await patch(agent, t.id, { parentId: other.id, linkedIds: [other.id] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ parentId: other.id, linkedIds: [other.id] });
  });

  it('records a PATCH as one field_change event with from and to, and bumps updatedAt', async () => {
    const t = await raise(agent, { subject: 'Triage' });
    const res = await patch(agent, `T-${t.number}`, { priority: 'P1', groupId, tags: ['vpn'], subject: 'Triage (VPN)' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ priority: 'P1', groupId, tags: ['vpn'], subject: 'Triage (VPN)', updatedAt: clock.now().toISOString(), createdAt: t.createdAt });
    const list = await events(agent, t.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: 'field_change', public: false, authorId: agent.user!.id, body: null });
    expect(list[0]!.changes).toEqual([
      { field: 'subject', from: 'Triage', to: 'Triage (VPN)' },
      { field: 'groupId', from: null, to: groupId },
      { field: 'priority', from: 'P3', to: 'P1' },
      { field: 'tags', from: [], to: ['vpn'] },
    ]);
    // Setting what is already there changes nothing and records nothing.
    const same = await patch(agent, t.id, { priority: 'P1' });
    expect(same.status).toBe(200);
    expect(same.body.updatedAt).toBe(res.body.updatedAt);
    expect(await events(agent, t.id)).toHaveLength(1);
  });

  it('status side effects: resolving stamps resolvedAt, closing stamps closedAt, reopening clears them, closed is final', async () => {
    const t = await raise(agent, { subject: 'Lifecycle' });
    const resolved = await patch(agent, t.id, { status: 'resolved' });
    const resolvedAt = clock.now().toISOString();
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedAt, closedAt: null });
    const reopened = await patch(agent, t.id, { status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open', resolvedAt: null, closedAt: null });
    await patch(agent, t.id, { status: 'resolved' });
    const resolvedAgain = clock.now().toISOString();
    const closed = await patch(agent, t.id, { status: 'closed' });
    expect(closed.body).toMatchObject({ status: 'closed', resolvedAt: resolvedAgain, closedAt: clock.now().toISOString() });
    const refused = await patch(agent, t.id, { status: 'open' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/new ticket/);
    const list = await events(agent, t.id);
    expect(list.map((e) => [e.public, e.changes?.[0]?.to])).toEqual([
      [true, 'resolved'],
      [true, 'open'],
      [true, 'resolved'],
      [true, 'closed'],
    ]);
  });

  it("an agent's reply takes a new ticket to open; a note does not; updatedAt moves with every event", async () => {
    const t = await raise(endUser, { subject: 'Cannot log in' });
    const note = await post(agent, t.id, { kind: 'note', body: 'Probably the VPN.' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ kind: 'note', public: false, authorId: agent.user!.id, body: 'Probably the VPN.', attachmentIds: [], ticketId: t.id });
    let now = (await agent.get<Ticket>(`/api/tickets/${t.id}`)).body;
    expect(now).toMatchObject({ status: 'new', updatedAt: clock.now().toISOString() });
    const replied = await post(agent, t.id, { kind: 'reply', body: 'Try again please.' });
    expect(replied.status).toBe(201);
    now = (await agent.get<Ticket>(`/api/tickets/${t.id}`)).body;
    expect(now).toMatchObject({ status: 'open', updatedAt: clock.now().toISOString() });
  });

  it("the requester's reply to a pending or resolved ticket reopens it", async () => {
    for (const status of ['pending', 'resolved'] as const) {
      const t = await raise(endUser, { subject: `Waiting (${status})` });
      await patch(agent, t.id, { status });
      const res = await post(endUser, t.id, { kind: 'reply', body: 'Still broken.' });
      expect(res.status).toBe(201);
      const after = (await endUser.get<Ticket>(`/api/tickets/${t.id}`)).body;
      expect(after).toMatchObject({ status: 'open', resolvedAt: null });
      const seen = await events(endUser, t.id);
      expect(seen.at(-1)).toMatchObject({ kind: 'field_change', public: true, changes: [{ field: 'status', from: status, to: 'open' }] });
    }
  });

  it('posting the same event id twice stores one event and answers 200 the second time', async () => {
    const t = await raise(endUser, { subject: 'Flaky Wi-Fi' });
    const id = randomUUID();
    const first = await post(endUser, t.id, { id, kind: 'reply', body: 'Sent from the train' });
    expect(first.status).toBe(201);
    const again = await post(endUser, t.id, { id, kind: 'reply', body: 'Sent from the train' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await events(endUser, t.id)).filter((e) => e.id === id)).toHaveLength(1);
    // The same id from someone else, or on another ticket, is refused rather than answered.
    const stolen = await post(agent, t.id, { id, kind: 'reply', body: 'Mine now' });
    expect(stolen.status).toBe(409);
    const elsewhere = await raise(endUser, { subject: 'Other' });
    expect((await post(endUser, elsewhere.id, { id, kind: 'reply', body: 'x' })).status).toBe(409);
  });

  it('event bodies are 1..50,000 characters; kinds other than reply and note are refused', async () => {
    const t = await raise(agent, { subject: 'Bodies' });
    expect((await post(agent, t.id, { kind: 'reply', body: '' })).status).toBe(400);
    expect((await post(agent, t.id, { kind: 'reply', body: 'x'.repeat(50_001) })).status).toBe(400);
    expect((await post(agent, t.id, { kind: 'field_change', body: 'x' })).status).toBe(400);
    expect((await post(agent, t.id, { kind: 'reply', body: 'x'.repeat(50_000) })).status).toBe(201);
  });

  it("links the actor's own unlinked attachments to the event; refuses others' and those on other tickets", async () => {
    const t = await raise(endUser, { subject: 'Screenshot' });
    const other = await raise(endUser, { subject: 'Other screenshot' });
    const upload = async (uploaderId: string, ticketId: string | null = null) => {
      const id = randomUUID();
      await ts.store.db
        .insertInto('attachments')
        .values({ id, ticket_id: ticketId, uploader_id: uploaderId, filename: 'a.png', mime: 'image/png', size: 3, sha256: 'a'.repeat(64), storage_key: id, created_at: clock.now() })
        .execute();
      return id;
    };
    const mine = await upload(endUser.user!.id);
    const res = await post(endUser, t.id, { kind: 'reply', body: 'See attached', attachmentIds: [mine] });
    expect(res.status).toBe(201);
    expect(res.body.attachmentIds).toEqual([mine]);
    const row = await ts.store.db.selectFrom('attachments').select('ticket_id').where('id', '=', mine).executeTakeFirstOrThrow();
    expect(row.ticket_id).toBe(t.id);
    for (const id of [await upload(agent.user!.id), await upload(endUser.user!.id, other.id), randomUUID()]) {
      const refused = await post(endUser, t.id, { kind: 'reply', body: 'Bad attachment', attachmentIds: [id] });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain('attachmentIds');
    }
    // A refused post links nothing: the transaction rolled back.
    const fresh = await upload(endUser.user!.id);
    const mixed = await post(endUser, t.id, { kind: 'reply', body: 'Mixed', attachmentIds: [fresh, randomUUID()] });
    expect(mixed.status).toBe(400);
    const freshRow = await ts.store.db.selectFrom('attachments').select('ticket_id').where('id', '=', fresh).executeTakeFirstOrThrow();
    expect(freshRow.ticket_id).toBeNull();
  });

  it('soft delete (supervisor and admin only) hides the ticket from every read and keeps a tombstone', async () => {
    const t = await raise(agent, { subject: 'Spam' });
    expect((await agent.delete(`/api/tickets/${t.id}`)).status).toBe(403);
    expect((await supervisor.delete(`/api/tickets/T-${t.number}`)).status).toBe(200);
    for (const client of [agent, supervisor, ts.admin]) {
      expect((await client.get(`/api/tickets/${t.id}`)).status).toBe(404);
      expect((await client.get(`/api/tickets/${t.id}/events`)).status).toBe(404);
      const list = await client.get<{ items: Ticket[] }>(`/api/tickets?q=Spam&limit=200`);
      expect(list.body.items.map((x) => x.id)).not.toContain(t.id);
    }
    expect((await patch(ts.admin, t.id, { priority: 'P1' })).status).toBe(404);
    expect((await supervisor.delete(`/api/tickets/${t.id}`)).status).toBe(404);
    const row = await ts.store.db.selectFrom('tickets').select(['deleted_at', 'updated_at']).where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.deleted_at).toEqual(row.updated_at);
  });

  it('lists with filters: status list, priority, assignee me/none, tag, text search', async () => {
    const word = `w${Math.random().toString(36).slice(2, 10)}`;
    const a = await raise(agent, { subject: `Alpha ${word}`, tags: ['vpn'], priority: 'P1', assigneeId: agent.user!.id });
    const b = await raise(agent, { subject: 'Beta', description: `mentions ${word.toUpperCase()} here`, priority: 'P2' });
    const c = await raise(agent, { subject: `Gamma ${word}`, tags: ['vpn'] });
    await patch(agent, c.id, { status: 'pending' });
    const ids = async (query: string) => {
      const res = await agent.get<{ items: Ticket[] }>(`/api/tickets?q=${word}&${query}`);
      expect(res.status, query).toBe(200);
      return res.body.items.map((t) => t.id);
    };
    expect(await ids('')).toEqual([c.id, b.id, a.id]);
    expect(await ids('status=new,open')).toEqual([b.id, a.id]);
    expect(await ids('status=pending')).toEqual([c.id]);
    expect(await ids('priority=P1')).toEqual([a.id]);
    expect(await ids('assigneeId=me')).toEqual([a.id]);
    expect(await ids('assigneeId=none')).toEqual([c.id, b.id]);
    expect(await ids('tag=vpn')).toEqual([c.id, a.id]);
    expect(await ids('sort=priority')).toEqual([a.id, b.id, c.id]);
    expect(await ids('sort=created_desc')).toEqual([c.id, b.id, a.id]);
    expect((await agent.get(`/api/tickets?status=new,nope`)).status).toBe(400);
    expect((await agent.get(`/api/tickets?limit=0`)).status).toBe(400);
    expect((await agent.get(`/api/tickets?limit=201`)).status).toBe(400);
    expect((await agent.get(`/api/tickets?cursor=garbage`)).status).toBe(400);
  });
});
