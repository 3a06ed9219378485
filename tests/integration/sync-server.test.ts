import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { latest, openStream, pullAll, type StreamProbe } from '../fixtures/sync';

/**
 * The replication endpoints as the server's side of the contract: pull, push and the live stream
 * deliver to each user exactly what the permission table lets them see, tell clients to drop what
 * they may no longer see, and refuse writes with a reason.
 */
describe.each(STORE_KINDS)('replication endpoints on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let requester: ApiClient;
  let other: ApiClient;
  let groupA: string;
  let groupB: string;
  const ids = { mineInA: '', otherInB: '', otherCcMe: '' };
  const streams: StreamProbe[] = [];

  beforeAll(async () => {
    ts = await startTestServer(kind);
    groupA = (await ts.admin.post('/api/groups', { name: 'Service desk' })).body.id;
    groupB = (await ts.admin.post('/api/groups', { name: 'Network' })).body.id;
    agent = await createUser(ts.admin, 'agent', { groupIds: [groupA], name: 'Ada Agent' });
    requester = await createUser(ts.admin, 'end_user', { name: 'Rita Requester' });
    other = await createUser(ts.admin, 'end_user', { name: 'Otto Other' });
    const mk = async (as: ApiClient, body: object) => (await as.post('/api/tickets', body)).body.id as string;
    ids.mineInA = await mk(ts.admin, { subject: 'Printer jams', description: 'Tray 2', requesterId: requester.user!.id, groupId: groupA });
    ids.otherInB = await mk(ts.admin, { subject: 'VPN down', description: 'since 9am', requesterId: other.user!.id, groupId: groupB });
    ids.otherCcMe = await mk(other, { subject: 'Shared drive', description: 'cannot map', cc: [requester.user!.id] });
    await ts.admin.post(`/api/tickets/${ids.mineInA}/events`, { kind: 'note', body: 'INTERNAL: known firmware bug' });
    await ts.admin.post(`/api/tickets/${ids.mineInA}/events`, { kind: 'reply', body: 'We are on it.' });
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await ts?.close();
  });

  it('an end user pulls only their own and cc’d tickets, and never an internal note', async () => {
    const tickets = latest((await pullAll(requester, 'tickets')).documents);
    expect([...tickets.keys()].sort()).toEqual([ids.mineInA, ids.otherCcMe].sort());
    const events = (await pullAll(requester, 'ticket_events')).documents;
    expect(events.some((e) => String(e.body).includes('INTERNAL'))).toBe(false);
    expect(events.some((e) => e.body === 'We are on it.')).toBe(true);
    expect(events.every((e) => e.public === true)).toBe(true);
  });

  it('an agent pulls their groups’ and unrouted tickets, with internal notes', async () => {
    const tickets = latest((await pullAll(agent, 'tickets')).documents);
    expect(tickets.has(ids.mineInA)).toBe(true);
    expect(tickets.has(ids.otherCcMe)).toBe(true); // unrouted
    expect(tickets.has(ids.otherInB)).toBe(false);
    const events = (await pullAll(agent, 'ticket_events')).documents;
    expect(events.some((e) => String(e.body).includes('INTERNAL'))).toBe(true);
  });

  it('pages through a collection with any batch size and reports the total on the first page', async () => {
    const first = await ts.admin.get('/api/sync/tickets/pull?limit=1');
    expect(first.body.total).toBe(3);
    const byOne = (await pullAll(ts.admin, 'tickets', null, 1)).documents.map((d) => d.id);
    expect(new Set(byOne)).toEqual(new Set([ids.mineInA, ids.otherInB, ids.otherCcMe]));
    expect(byOne).toHaveLength(3);
  });

  it('end users get themselves and staff in the directory, never other end users', async () => {
    const users = latest((await pullAll(requester, 'users')).documents);
    expect(users.has(requester.user!.id)).toBe(true);
    expect(users.has(agent.user!.id)).toBe(true);
    expect(users.has(other.user!.id)).toBe(false);
    expect(JSON.stringify([...users.values()])).not.toMatch(/password|totp/i);
    expect((await pullAll(requester, 'groups')).documents).toEqual([]);
  });

  it('a ticket moved out of an agent’s groups becomes a tombstone for them, with its events', async () => {
    const ticket = (await ts.admin.post('/api/tickets', { subject: 'Laptop fan', description: 'loud', requesterId: requester.user!.id, groupId: groupA })).body.id;
    await ts.admin.post(`/api/tickets/${ticket}/events`, { kind: 'note', body: 'order a fan' });
    const before = await pullAll(agent, 'tickets');
    const eventsBefore = await pullAll(agent, 'ticket_events');
    expect(latest(before.documents).get(ticket)?._deleted).toBe(false);

    expect((await ts.admin.patch(`/api/tickets/${ticket}`, { groupId: groupB })).status).toBe(200);
    const after = latest((await pullAll(agent, 'tickets', before.checkpoint)).documents);
    expect(after.get(ticket)).toMatchObject({ id: ticket, _deleted: true, subject: '' });
    const events = (await pullAll(agent, 'ticket_events', eventsBefore.checkpoint)).documents;
    expect(events.filter((e) => e.ticketId === '' && e._deleted).length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e._deleted === false && e.ticketId === ticket)).toBe(false);
    // The requester keeps it: it is still theirs.
    expect(latest((await pullAll(requester, 'tickets')).documents).get(ticket)?._deleted).toBe(false);
  });

  it('leaving a group makes the next pull re-evaluate, and dropping its tickets', async () => {
    const a2 = await createUser(ts.admin, 'agent', { groupIds: [groupA] });
    const before = await pullAll(a2, 'tickets');
    expect(latest(before.documents).get(ids.mineInA)?._deleted).toBe(false);
    expect((await ts.admin.patch(`/api/users/${a2.user!.id}`, { groupIds: [groupB] })).status).toBe(200);
    const after = latest((await pullAll(a2, 'tickets', before.checkpoint)).documents);
    expect(after.get(ids.mineInA)?._deleted).toBe(true);
    expect(after.get(ids.otherInB)?._deleted).toBe(false);
  });

  it('a soft-deleted ticket arrives as a tombstone', async () => {
    const t = (await ts.admin.post('/api/tickets', { subject: 'Duplicate', description: 'x', requesterId: requester.user!.id })).body.id;
    const before = await pullAll(requester, 'tickets');
    await ts.admin.delete(`/api/tickets/${t}`);
    const after = latest((await pullAll(requester, 'tickets', before.checkpoint)).documents);
    expect(after.get(t)?._deleted).toBe(true);
  });

  it('a deleted custom field leaves a tombstone in the reference collection', async () => {
    expect((await ts.admin.post('/api/custom-fields', { key: 'asset_tag', label: 'Asset tag', type: 'text' })).status).toBe(201);
    const before = await pullAll(requester, 'reference');
    expect(latest(before.documents).get('custom_field:asset_tag')).toMatchObject({ kind: 'custom_field', key: 'asset_tag', _deleted: false });
    expect((await ts.admin.delete('/api/custom-fields/asset_tag')).status).toBe(200);
    const after = latest((await pullAll(requester, 'reference', before.checkpoint)).documents);
    expect(after.get('custom_field:asset_tag')?._deleted).toBe(true);
  });

  describe('push', () => {
    it('creates a ticket offline-made by an end user; the server sets number, requester and times', async () => {
      const id = crypto.randomUUID();
      const doc = {
        id, _deleted: false, number: 0, subject: 'Made offline', description: 'on the train', requesterId: requester.user!.id,
        cc: [], assigneeId: null, groupId: null, status: 'new', priority: 'P3', type: 'incident', category: null, tags: [],
        customFields: {}, channel: 'tray', deviceId: null, parentId: null, linkedIds: [],
        createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-01-01T00:00:00.000Z', resolvedAt: null, closedAt: null,
      };
      const res = await requester.post('/api/sync/tickets/push', { rows: [{ assumedMasterState: null, newDocumentState: doc }] });
      expect(res.status).toBe(200);
      expect(res.body.rejections).toEqual([]);
      const master = res.body.conflicts[0];
      expect(master).toMatchObject({ id, subject: 'Made offline', requesterId: requester.user!.id, channel: 'tray', _deleted: false });
      expect(master.number).toBeGreaterThan(1000);
      expect(master.createdAt).not.toBe('2020-01-01T00:00:00.000Z');
      expect((await ts.admin.get(`/api/tickets/${id}`)).body.number).toBe(master.number);
    });

    it('merges field by field: two agents editing different fields both win', async () => {
      const t = (await ts.admin.post('/api/tickets', { subject: 'Merge me', description: 'd', requesterId: requester.user!.id, groupId: groupA })).body;
      const base = { ...t, _deleted: false };
      const a = await ts.admin.post('/api/sync/tickets/push', { rows: [{ assumedMasterState: base, newDocumentState: { ...base, priority: 'P1' } }] });
      expect(a.body.rejections).toEqual([]);
      const b = await agent.post('/api/sync/tickets/push', { rows: [{ assumedMasterState: base, newDocumentState: { ...base, tags: ['printer'] } }] });
      expect(b.body.rejections).toEqual([]);
      expect(b.body.conflicts[0]).toMatchObject({ priority: 'P1', tags: ['printer'] });
      const stored = (await ts.admin.get(`/api/tickets/${t.id}`)).body;
      expect(stored).toMatchObject({ priority: 'P1', tags: ['printer'] });
      // Both edits are in the history.
      const changes = (await ts.admin.get(`/api/tickets/${t.id}/events`)).body.items.filter((e: any) => e.kind === 'field_change');
      expect(changes.map((e: any) => e.changes[0].field).sort()).toEqual(['priority', 'tags']);
    });

    it('the same field: the later push wins and the loser’s value stays in history', async () => {
      const t = (await ts.admin.post('/api/tickets', { subject: 'Race', description: 'd', requesterId: requester.user!.id, groupId: groupA })).body;
      const base = { ...t, _deleted: false };
      await ts.admin.post('/api/sync/tickets/push', { rows: [{ assumedMasterState: base, newDocumentState: { ...base, priority: 'P2' } }] });
      await agent.post('/api/sync/tickets/push', { rows: [{ assumedMasterState: base, newDocumentState: { ...base, priority: 'P1' } }] });
      expect((await ts.admin.get(`/api/tickets/${t.id}`)).body.priority).toBe('P1');
      const history = (await ts.admin.get(`/api/tickets/${t.id}/events`)).body.items.filter((e: any) => e.kind === 'field_change');
      expect(history.map((e: any) => e.changes[0].to)).toEqual(['P2', 'P1']);
    });

    it('refuses what the role may not do, with a reason, and answers the master state', async () => {
      const t = (await ts.admin.get(`/api/tickets/${ids.mineInA}`)).body;
      const base = { ...t, _deleted: false };
      const res = await requester.post('/api/sync/tickets/push', { rows: [{ assumedMasterState: base, newDocumentState: { ...base, priority: 'P1' } }] });
      expect(res.status).toBe(200);
      expect(res.body.rejections).toEqual([{ id: t.id, code: 'forbidden', message: expect.stringMatching(/status and cc/) }]);
      expect(res.body.conflicts[0]).toMatchObject({ id: t.id, priority: t.priority });
    });

    it('never lets an end user write another user’s ticket, nor learn it exists', async () => {
      const t = (await ts.admin.get(`/api/tickets/${ids.otherInB}`)).body;
      const base = { ...t, _deleted: false };
      const res = await requester.post('/api/sync/tickets/push', { rows: [{ assumedMasterState: base, newDocumentState: { ...base, status: 'resolved' } }] });
      expect(res.body.rejections[0]).toMatchObject({ code: 'not_found' });
      expect(res.body.conflicts[0]).toMatchObject({ id: t.id, _deleted: true, subject: '' });
      expect((await ts.admin.get(`/api/tickets/${t.id}`)).body.status).not.toBe('resolved');
    });

    it('appends events with client ids, idempotently; an end user cannot push an internal note', async () => {
      const id = crypto.randomUUID();
      const event = { id, _deleted: false, ticketId: ids.mineInA, kind: 'reply', public: true, authorId: null, body: 'Still jamming', changes: null, attachmentIds: [], createdAt: '2020-01-01T00:00:00.000Z' };
      const first = await requester.post('/api/sync/ticket_events/push', { rows: [{ newDocumentState: event }] });
      expect(first.body.rejections).toEqual([]);
      expect(first.body.conflicts[0]).toMatchObject({ id, authorId: requester.user!.id, body: 'Still jamming' });
      const again = await requester.post('/api/sync/ticket_events/push', { rows: [{ newDocumentState: event }] });
      expect(again.body.rejections).toEqual([]);
      const stored = (await ts.admin.get(`/api/tickets/${ids.mineInA}/events`)).body.items.filter((e: any) => e.id === id);
      expect(stored).toHaveLength(1);

      const note = { ...event, id: crypto.randomUUID(), kind: 'note', public: false, body: 'sneaky' };
      const refused = await requester.post('/api/sync/ticket_events/push', { rows: [{ newDocumentState: note }] });
      expect(refused.body.rejections[0]).toMatchObject({ id: note.id, code: 'forbidden' });
    });

    it('knowledge-base articles: agents write them offline; end users may not, and never see internal ones', async () => {
      const id = crypto.randomUUID();
      const draft = { id, _deleted: false, title: 'Reset a PIN', body: '1. Open settings', visibility: 'internal', category: 'Accounts', tags: ['pin'], authorId: null, createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-01-01T00:00:00.000Z' };
      const created = await agent.post('/api/sync/kb_articles/push', { rows: [{ newDocumentState: draft }] });
      expect(created.body.rejections).toEqual([]);
      expect(created.body.conflicts[0]).toMatchObject({ id, title: 'Reset a PIN', authorId: agent.user!.id });
      const base = created.body.conflicts[0];
      const edited = await agent.post('/api/sync/kb_articles/push', { rows: [{ assumedMasterState: base, newDocumentState: { ...base, visibility: 'public' } }] });
      expect(edited.body.rejections).toEqual([]);
      expect((await requester.get(`/api/kb/${id}`)).body.visibility).toBe('public');

      const byEndUser = await requester.post('/api/sync/kb_articles/push', { rows: [{ newDocumentState: { ...draft, id: crypto.randomUUID() } }] });
      expect(byEndUser.body.rejections[0]).toMatchObject({ code: 'forbidden' });
      const internal = await ts.admin.post('/api/kb', { title: 'Admin only', body: 'x', visibility: 'internal' });
      const peek = await requester.post('/api/sync/kb_articles/push', { rows: [{ newDocumentState: { ...draft, id: internal.body.id, title: 'mine now' } }] });
      expect(peek.body.rejections[0]).toMatchObject({ code: 'not_found' });
      expect(peek.body.conflicts[0]).toMatchObject({ id: internal.body.id, _deleted: true, title: '' });
      expect((await ts.admin.get(`/api/kb/${internal.body.id}`)).body.title).toBe('Admin only');
    });

    it('refuses pushes to read-only collections and malformed rows', async () => {
      const res = await agent.post('/api/sync/groups/push', { rows: [{ newDocumentState: { id: groupA, _deleted: false, name: 'Hacked' } }] });
      expect(res.body.rejections[0]).toMatchObject({ code: 'forbidden' });
      expect((await ts.admin.get('/api/groups')).body.items.find((g: any) => g.id === groupA).name).toBe('Service desk');
      expect((await agent.post('/api/sync/tickets/push', { rows: [] })).status).toBe(400);
      expect((await agent.post('/api/sync/nope/push', { rows: [{ newDocumentState: { id: 'x', _deleted: false } }] })).status).toBe(400);
      const bad = await agent.post('/api/sync/tickets/push', { rows: [{ newDocumentState: { id: crypto.randomUUID(), _deleted: false, subject: '' } }] });
      expect(bad.body.rejections[0]).toMatchObject({ code: 'validation_failed' });
    });
  });

  describe('live stream', () => {
    it('delivers a change to the users who may see it, within the stream, and not to others', async () => {
      const mine = await openStream(requester);
      const theirs = await openStream(other);
      const agents = await openStream(agent);
      streams.push(mine, theirs, agents);
      await ts.admin.post(`/api/tickets/${ids.mineInA}/events`, { kind: 'reply', body: 'Technician is on the way' });
      await ts.admin.post(`/api/tickets/${ids.mineInA}/events`, { kind: 'note', body: 'INTERNAL: bring a spare drum' });
      await mine.until((m) => m.type === 'changes' && m.documents.some((d) => d.body === 'Technician is on the way'));
      await agents.until((m) => m.type === 'changes' && m.documents.some((d) => d.body === 'INTERNAL: bring a spare drum'));
      // The ticket's updatedAt changed too.
      await mine.until((m) => m.type === 'changes' && m.collection === 'tickets' && m.documents.some((d) => d.id === ids.mineInA));
      await new Promise((r) => setTimeout(r, 200));
      expect(mine.docs('ticket_events').some((d) => String(d.body).includes('INTERNAL'))).toBe(false);
      expect(theirs.docs('ticket_events')).toEqual([]);
      expect(theirs.docs('tickets').some((d) => d.id === ids.mineInA)).toBe(false);
    });

    it('refuses a stream without a valid token, and bad messages without dying', async () => {
      const { StreamProbe } = await import('../fixtures/sync');
      const probe = new StreamProbe(ts.url);
      streams.push(probe);
      await probe.open();
      probe.send('not json');
      await probe.until((m) => m.type === 'error' && m.code === 'bad_request');
      probe.send({ type: 'auth', accessToken: 'x'.repeat(40) });
      expect((await probe.whenClosed()).code).toBe(4401);
    });

    it('closes the stream when the session is signed out everywhere (on its next check)', async () => {
      const u = await createUser(ts.admin, 'end_user');
      const s = await openStream(u);
      streams.push(s);
      expect((await u.post('/api/auth/logout-all')).status).toBe(200);
      // A new auth message is checked at once.
      s.send({ type: 'auth', accessToken: u.accessToken });
      expect((await s.whenClosed()).code).toBe(4401);
    });
  });
});
