import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketScope } from '../../src/server/tickets/scope';
import type { Ticket, TicketEvent } from '../../src/shared/domain/ticket';
import { ROLES, type Actor } from '../../src/shared/domain/user';
import { canSeeTicket } from '../../src/shared/permissions';
import { createUser, type ApiClient } from '../fixtures/api';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

describe.each(STORE_KINDS)('ticket access on %s', (kind) => {
  let ts: TestServer;
  let g1: string;
  let g2: string;
  let a1: ApiClient; // agent in g1
  let a2: ApiClient; // agent in g2
  let e1: ApiClient;
  let e2: ApiClient;
  let sup: ApiClient;
  const word = `w${Math.random().toString(36).slice(2, 10)}`;
  const t: Record<string, Ticket> = {};

  beforeAll(async () => {
    // A clock that ticks 1 ms per reading, so events written one after another never share a time.
    let ms = Date.now();
    ts = await startTestServer(kind, { clock: () => new Date((ms += 1)) });
    g1 = (await ts.admin.post('/api/groups', { name: 'Desktop' })).body.id;
    g2 = (await ts.admin.post('/api/groups', { name: 'Network' })).body.id;
    a1 = await createUser(ts.admin, 'agent', { groupIds: [g1] });
    a2 = await createUser(ts.admin, 'agent', { groupIds: [g2] });
    e1 = await createUser(ts.admin, 'end_user');
    e2 = await createUser(ts.admin, 'end_user');
    sup = await createUser(ts.admin, 'supervisor');
    const specs: Record<string, Record<string, unknown>> = {
      t1: { requesterId: e1.user!.id, groupId: g1 },
      t2: { requesterId: e2.user!.id, groupId: g2, cc: [e1.user!.id] },
      t3: { requesterId: e2.user!.id },
      t4: { requesterId: e2.user!.id, groupId: g2, assigneeId: a1.user!.id },
      t5: { requesterId: a1.user!.id, groupId: g2 },
      t6: { requesterId: e2.user!.id, groupId: g2 },
    };
    for (const [name, spec] of Object.entries(specs)) {
      const res = await ts.admin.post<Ticket>('/api/tickets', { subject: `${word} ${name}`, description: '', ...spec });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      t[name] = res.body;
    }
  });
  afterAll(async () => {
    await ts?.close();
  });

  const visible: [string, () => ApiClient, string[]][] = [
    ['end user (requester or cc)', () => e1, ['t1', 't2']],
    ['other end user', () => e2, ['t2', 't3', 't4', 't6']],
    ['agent of g1 (group, unrouted, assigned, own)', () => a1, ['t1', 't3', 't4', 't5']],
    ['agent of g2', () => a2, ['t2', 't3', 't4', 't5', 't6']],
    ['supervisor', () => sup, ['t1', 't2', 't3', 't4', 't5', 't6']],
  ];

  it.each(visible)('%s lists and reads exactly the tickets in scope; the rest answer 404', async (_who, client, expected) => {
    const c = client();
    const list = await c.get<{ items: Ticket[] }>(`/api/tickets?q=${word}&limit=200`);
    expect(list.status).toBe(200);
    const names = list.body.items.map((x) => x.subject.split(' ')[1]).sort();
    expect(names).toEqual(expected);
    for (const name of Object.keys(t)) {
      const ticket = t[name]!;
      const want = expected.includes(name) ? 200 : 404;
      expect((await c.get(`/api/tickets/${ticket.id}`)).status, name).toBe(want);
      expect((await c.get(`/api/tickets/T-${ticket.number}`)).status, name).toBe(want);
      expect((await c.get(`/api/tickets/${ticket.id}/events`)).status, name).toBe(want);
      if (want === 404) {
        const res = await c.post(`/api/tickets/${ticket.id}/events`, { kind: 'reply', body: 'hello?' });
        expect(res.status, name).toBe(404);
        expect((await c.patch(`/api/tickets/${ticket.id}`, { status: 'resolved' })).status, name).toBe(404);
      }
    }
  });

  it('an end user never sees internal notes or field changes other than status', async () => {
    const ticket = t.t1!;
    expect((await a1.post(`/api/tickets/${ticket.id}/events`, { kind: 'note', body: 'internal only' })).status).toBe(201);
    expect((await a1.patch(`/api/tickets/${ticket.id}`, { priority: 'P2' })).status).toBe(200);
    expect((await a1.patch(`/api/tickets/${ticket.id}`, { priority: 'P1', status: 'pending', tags: ['vip'] })).status).toBe(200);
    expect((await a1.post(`/api/tickets/${ticket.id}/events`, { kind: 'reply', body: 'We are on it' })).status).toBe(201);

    const agentView = (await a1.get<{ items: TicketEvent[] }>(`/api/tickets/${ticket.id}/events`)).body.items;
    expect(agentView.map((e) => e.kind)).toEqual(['note', 'field_change', 'field_change', 'reply']);
    expect(agentView[2]!.changes!.map((c) => c.field)).toEqual(['status', 'priority', 'tags']);

    const requesterView = (await e1.get<{ items: TicketEvent[] }>(`/api/tickets/${ticket.id}/events`)).body.items;
    expect(requesterView.map((e) => e.kind)).toEqual(['field_change', 'reply']);
    expect(requesterView[0]!.changes).toEqual([{ field: 'status', from: 'new', to: 'pending' }]);
    expect(JSON.stringify(requesterView)).not.toContain('internal only');
    expect(JSON.stringify(requesterView)).not.toContain('P1');
  });

  it('an end user may not post internal notes', async () => {
    const res = await e1.post(`/api/tickets/${t.t1!.id}/events`, { kind: 'note', body: 'sneaky' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/reply/);
  });

  it('a requester may only resolve, reopen a resolved ticket, and edit cc; closed is final', async () => {
    const own = (await e1.post<Ticket>('/api/tickets', { subject: `${word} own`, description: '' })).body;
    for (const body of [{ priority: 'P1' }, { subject: 'New subject' }, { assigneeId: a1.user!.id }, { status: 'resolved', tags: ['x'] }]) {
      const res = await e1.patch(`/api/tickets/${own.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.body.error.message).toContain('status and cc');
    }
    for (const status of ['pending', 'on_hold', 'closed', 'open']) {
      expect((await e1.patch(`/api/tickets/${own.id}`, { status })).status, status).toBe(403);
    }
    const cc = await e1.patch<Ticket>(`/api/tickets/${own.id}`, { cc: [e2.user!.id] });
    expect(cc.status).toBe(200);
    expect(cc.body.cc).toEqual([e2.user!.id]);
    // cc'd people can read and reply, but only the requester edits.
    expect((await e2.patch(`/api/tickets/${own.id}`, { status: 'resolved' })).status).toBe(403);
    expect((await e2.post(`/api/tickets/${own.id}/events`, { kind: 'reply', body: 'me too' })).status).toBe(201);

    const resolved = await e1.patch<Ticket>(`/api/tickets/${own.id}`, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolvedAt).not.toBeNull();
    const reopened = await e1.patch<Ticket>(`/api/tickets/${own.id}`, { status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open', resolvedAt: null });

    expect((await a1.patch(`/api/tickets/${own.id}`, { status: 'closed' })).status).toBe(200);
    const closedReopen = await e1.patch(`/api/tickets/${own.id}`, { status: 'open' });
    expect(closedReopen.status).toBe(409);
    expect(closedReopen.body.error.message).toMatch(/new ticket/i);
    expect((await e1.post(`/api/tickets/${own.id}/events`, { kind: 'reply', body: 'again' })).status).toBe(409);
  });

  it('the SQL scope filter and canSeeTicket agree on random tickets and actors', async () => {
    const db = ts.store.db;
    const now = new Date();
    // Small pools make collisions (the actor is the requester, in cc, in the group…) common.
    const users = await Promise.all(
      ['end_user', 'end_user', 'agent', 'agent', 'supervisor'].map(async (role, i) => {
        const id = randomUUID();
        await db.insertInto('users').values({ id, email: `${id}@prop.test`, name: `p${i}`, role: role as 'agent', password_hash: null, totp_secret: null, totp_pending_secret: null, totp_last_step: null, created_at: now, updated_at: now }).execute();
        return id;
      }),
    );
    const groups = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const id = randomUUID();
        await db.insertInto('groups').values({ id, name: `prop-${word}-${i}`, description: '', created_at: now, updated_at: now }).execute();
        return id;
      }),
    );
    const ticketArb = fc.record({
      requesterId: fc.constantFrom(...users),
      cc: fc.uniqueArray(fc.constantFrom(...users), { maxLength: 3 }),
      groupId: fc.option(fc.constantFrom(...groups), { nil: null }),
      assigneeId: fc.option(fc.constantFrom(...users), { nil: null }),
    });
    const actorArb: fc.Arbitrary<Actor> = fc.record({
      id: fc.oneof(fc.constantFrom(...users), fc.uuid()),
      role: fc.constantFrom(...ROLES),
      groupIds: fc.uniqueArray(fc.constantFrom(...groups), { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(ticketArb, { minLength: 1, maxLength: 8 }), actorArb, async (tickets, actor) => {
        const rows = tickets.map((x) => ({
          id: randomUUID(),
          subject: 'prop',
          description: '',
          requester_id: x.requesterId,
          cc: x.cc,
          assignee_id: x.assigneeId,
          group_id: x.groupId,
          status: 'new',
          priority: 'P3',
          type: 'incident',
          category: null,
          tags: [],
          custom_fields: '{}',
          channel: 'api',
          device_id: null,
          parent_id: null,
          linked_ids: [],
          created_at: now,
          updated_at: now,
        }));
        await db.insertInto('tickets').values(rows).execute();
        const ids = rows.map((r) => r.id);
        const found = await db.selectFrom('tickets').select('id').where('id', 'in', ids).where(ticketScope(actor)).execute();
        const expected = rows.filter((_, i) => canSeeTicket(actor, tickets[i]!)).map((r) => r.id);
        expect(found.map((r) => r.id).sort()).toEqual(expected.sort());
      }),
      { numRuns: 150 },
    );
  });
});
