import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KbArticleVersion, KbArticleVersionList } from '../../src/shared/api/kb';
import type { MergeTicketResponse, SplitTicketResponse } from '../../src/shared/api/tickets';
import type { KbArticle } from '../../src/shared/domain/kb';
import type { Ticket, TicketEvent } from '../../src/shared/domain/ticket';
import type { StreamServerMessage } from '../../src/shared/sync/protocol';
import { createUser, type ApiClient } from '../fixtures/api';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { openStream, type StreamProbe } from '../fixtures/sync';

/**
 * The server side of the console's ticket and knowledge-base tools on a real server and store:
 * merge, split, article versions, custom fields by ticket type and date, and "who else is viewing".
 */
describe.each(STORE_KINDS)('console tools on %s', (kind) => {
  let ts: TestServer;
  let agentA: ApiClient;
  let agentA2: ApiClient;
  let agentB: ApiClient;
  let requester: ApiClient;
  let groupA: string;
  let groupB: string;
  const streams: StreamProbe[] = [];

  beforeAll(async () => {
    ts = await startTestServer(kind);
    groupA = (await ts.admin.post<{ id: string }>('/api/groups', { name: 'Desk A' })).body.id;
    groupB = (await ts.admin.post<{ id: string }>('/api/groups', { name: 'Desk B' })).body.id;
    agentA = await createUser(ts.admin, 'agent', { groupIds: [groupA], name: 'Ada Agent' });
    agentA2 = await createUser(ts.admin, 'agent', { groupIds: [groupA], name: 'Bea Agent' });
    agentB = await createUser(ts.admin, 'agent', { groupIds: [groupB], name: 'Cy Agent' });
    requester = await createUser(ts.admin, 'end_user', { name: 'Rita Requester' });
  }, 60_000);
  afterAll(async () => {
    for (const s of streams) s.close();
    await ts?.close();
  });

  const raise = async (subject: string, extra: Record<string, unknown> = {}): Promise<Ticket> => {
    const res = await ts.admin.post<Ticket>('/api/tickets', { subject, description: `${subject} (description)`, requesterId: requester.user!.id, groupId: groupA, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const post = async (client: ApiClient, ticketId: string, kind: 'reply' | 'note', body: string): Promise<TicketEvent> => {
    const res = await client.post<TicketEvent>(`/api/tickets/${ticketId}/events`, { kind, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const events = async (client: ApiClient, ticketId: string) => (await client.get<{ items: TicketEvent[] }>(`/api/tickets/${ticketId}/events`)).body.items;

  describe('merge', () => {
    it('moves every event to the target, closes the source, and leaves a pointer both ways', async () => {
      const target = await raise('VPN drops every hour');
      const source = await raise('VPN disconnects', { cc: [agentA2.user!.id] });
      const reply = await post(agentA, source.id, 'reply', 'Which VPN client version?');
      const note = await post(agentA, source.id, 'note', 'Same as the other one, I think');

      const res = await agentA.post<MergeTicketResponse>(`/api/tickets/${source.id}/merge`, { targetId: target.id });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      // The reply, the status change it caused (new → open), and the note.
      expect(res.body.movedEvents).toBe(3);
      expect(res.body.source).toMatchObject({ status: 'closed', linkedIds: [target.id] });
      expect(res.body.source.closedAt).not.toBeNull();
      expect(res.body.target.linkedIds).toEqual([source.id]);
      // The source's cc follow the conversation to the target.
      expect(res.body.target.cc).toContain(agentA2.user!.id);

      const onTarget = await events(agentA, target.id);
      expect(onTarget.map((e) => e.id)).toEqual(expect.arrayContaining([reply.id, note.id]));
      const from = onTarget.find((e) => e.kind === 'system' && e.changes?.[0]?.field === 'merged_from');
      expect(from?.changes).toEqual([{ field: 'merged_from', from: null, to: source.id }]);
      expect(from?.body).toBe(`T-${source.number} was merged into this ticket.`);

      const onSource = await events(agentA, source.id);
      expect(onSource.map((e) => e.kind)).toEqual(['system']);
      expect(onSource[0]!.changes).toEqual([
        { field: 'merged_into', from: null, to: target.id },
        { field: 'status', from: 'open', to: 'closed' },
      ]);
      // The requester follows too: the public pointer, not the internal note.
      const seen = await events(requester, target.id);
      expect(seen.map((e) => e.id)).toContain(reply.id);
      expect(seen.map((e) => e.id)).not.toContain(note.id);
    });

    it('refuses a merge into itself, a second merge of the same ticket, and a merge into a merged ticket', async () => {
      const a = await raise('Printer jam');
      const b = await raise('Printer jam again');
      const c = await raise('Printer jam third');
      const self = await agentA.post(`/api/tickets/${a.id}/merge`, { targetId: a.id });
      expect(self.status).toBe(409);
      expect((await agentA.post(`/api/tickets/${a.id}/merge`, { targetId: b.id })).status).toBe(200);
      const again = await agentA.post<{ error: { message: string } }>(`/api/tickets/${a.id}/merge`, { targetId: c.id });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/already merged/);
      const intoMerged = await agentA.post<{ error: { message: string } }>(`/api/tickets/${c.id}/merge`, { targetId: a.id });
      expect(intoMerged.status).toBe(409);
      expect(intoMerged.body.error.message).toMatch(/Merge into that one instead/);
    });

    it('treats a target the agent may not see as not existing, and changes nothing', async () => {
      const mine = await raise('Monitor flickers');
      const theirs = await raise('Monitor flickers (B)', { groupId: groupB });
      await post(agentA, mine.id, 'reply', 'Try another cable');
      const res = await agentA.post(`/api/tickets/${mine.id}/merge`, { targetId: theirs.id });
      expect(res.status).toBe(404);
      expect((await agentA.get<Ticket>(`/api/tickets/${mine.id}`)).body.status).toBe('open');
      expect((await events(agentA, mine.id)).filter((e) => e.kind === 'reply')).toHaveLength(1);
      expect((await requester.post(`/api/tickets/${mine.id}/merge`, { targetId: theirs.id })).status).toBe(403);
    });
  });

  describe('split', () => {
    it('moves the chosen replies and notes to a new ticket for the same requester, linked both ways', async () => {
      const source = await raise('Laptop and phone both broken', { priority: 'P2', tags: ['hardware'] });
      const laptop = await post(agentA, source.id, 'reply', 'About the laptop: which model?');
      const phone = await post(requester, source.id, 'reply', 'The phone screen is cracked too');
      const phoneNote = await post(agentA, source.id, 'note', 'Phone goes to the mobile team');

      const res = await agentA.post<SplitTicketResponse>(`/api/tickets/${source.id}/split`, { eventIds: [phone.id, phoneNote.id], subject: 'Cracked phone screen' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const { created } = res.body;
      expect(res.body.movedEvents).toBe(2);
      expect(created).toMatchObject({ subject: 'Cracked phone screen', requesterId: requester.user!.id, groupId: groupA, priority: 'P2', tags: ['hardware'], status: 'open', linkedIds: [source.id] });
      expect(res.body.source.linkedIds).toEqual([created.id]);

      const onNew = await events(agentA, created.id);
      expect(onNew.filter((e) => e.kind !== 'system').map((e) => e.id)).toEqual([phone.id, phoneNote.id]);
      expect(onNew.find((e) => e.kind === 'system')?.changes).toEqual([{ field: 'split_from', from: null, to: source.id }]);
      const onSource = await events(agentA, source.id);
      expect(onSource.filter((e) => e.kind === 'reply').map((e) => e.id)).toEqual([laptop.id]);
      expect(onSource.find((e) => e.kind === 'system')?.changes).toEqual([{ field: 'split_into', from: null, to: created.id }]);
      // The requester sees the new ticket as their own.
      expect((await requester.get(`/api/tickets/${created.id}`)).status).toBe(200);
    });

    it('refuses events of another ticket and system events, moving nothing', async () => {
      const a = await raise('Keyboard sticky');
      const b = await raise('Mouse sticky');
      const other = await post(agentA, b.id, 'reply', 'Clean it');
      const wrong = await agentA.post(`/api/tickets/${a.id}/split`, { eventIds: [other.id] });
      expect(wrong.status).toBe(400);
      await agentA.patch(`/api/tickets/${a.id}`, { priority: 'P4' });
      const change = (await events(agentA, a.id)).find((e) => e.kind === 'field_change')!;
      expect((await agentA.post(`/api/tickets/${a.id}/split`, { eventIds: [change.id] })).status).toBe(400);
      expect((await agentA.post(`/api/tickets/${a.id}/split`, { eventIds: [] })).status).toBe(400);
      expect((await events(agentA, b.id)).map((e) => e.id)).toContain(other.id);
    });
  });

  describe('knowledge-base versions', () => {
    it('keeps every save as a version, shows an old one, and restores it as a new version', async () => {
      const created = (await agentA.post<KbArticle>('/api/kb', { title: 'Reset a VPN token', body: 'First text', visibility: 'internal', category: 'Network' })).body;
      expect((await agentA.patch(`/api/kb/${created.id}`, { body: 'Second text', visibility: 'public' })).status).toBe(200);
      expect((await agentA2.patch(`/api/kb/${created.id}`, { title: 'Reset your VPN token' })).status).toBe(200);

      const list = (await agentA.get<KbArticleVersionList>(`/api/kb/${created.id}/versions`)).body.items;
      expect(list.map((v) => v.version)).toEqual([3, 2, 1]);
      expect(list.map((v) => v.title)).toEqual(['Reset your VPN token', 'Reset a VPN token', 'Reset a VPN token']);
      expect(list[0]!.authorId).toBe(agentA2.user!.id);
      expect(list[0]).not.toHaveProperty('body');

      const first = (await agentA.get<KbArticleVersion>(`/api/kb/${created.id}/versions/1`)).body;
      expect(first).toMatchObject({ version: 1, body: 'First text', visibility: 'internal', category: 'Network' });

      const restored = await agentA2.post<KbArticle>(`/api/kb/${created.id}/versions/1/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ title: 'Reset a VPN token', body: 'First text', visibility: 'internal' });
      const after = (await agentA.get<KbArticleVersionList>(`/api/kb/${created.id}/versions`)).body.items;
      expect(after.map((v) => v.version)).toEqual([4, 3, 2, 1]);
      expect((await agentA.get<KbArticle>(`/api/kb/${created.id}`)).body.body).toBe('First text');
    });

    it('answers 404 for a version that does not exist and 403 to end users', async () => {
      const created = (await agentA.post<KbArticle>('/api/kb', { title: 'Public one', body: 'x', visibility: 'public' })).body;
      expect((await agentA.get(`/api/kb/${created.id}/versions/9`)).status).toBe(404);
      expect((await agentA.post(`/api/kb/${created.id}/versions/9/restore`)).status).toBe(404);
      expect((await agentA.get(`/api/kb/${crypto.randomUUID()}/versions`)).status).toBe(404);
      expect((await requester.get(`/api/kb/${created.id}/versions`)).status).toBe(403);
    });

    it('keeps a version for articles written through sync push too', async () => {
      const id = crypto.randomUUID();
      const doc = { id, _deleted: false, title: 'Written offline', body: 'draft', visibility: 'internal', category: null, tags: [], authorId: null, createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-01-01T00:00:00.000Z' };
      const res = await agentA.post<{ rejections: unknown[] }>('/api/sync/kb_articles/push', { rows: [{ assumedMasterState: null, newDocumentState: doc }] });
      expect(res.body.rejections).toEqual([]);
      expect((await agentA.get<KbArticleVersionList>(`/api/kb/${id}/versions`)).body.items.map((v) => v.version)).toEqual([1]);
    });
  });

  describe('custom fields by ticket type, and dates', () => {
    it('requires a field only on the ticket types it applies to, and checks dates', async () => {
      const field = await ts.admin.post('/api/custom-fields', { key: 'change_window', label: 'Change window', type: 'date', required: true, ticketTypes: ['change'] });
      expect(field.status, JSON.stringify(field.body)).toBe(201);
      expect(field.body).toMatchObject({ type: 'date', ticketTypes: ['change'] });
      // An incident does not need it; a change does.
      expect((await ts.admin.post('/api/tickets', { subject: 'Incident', description: '', type: 'incident' })).status).toBe(201);
      const missing = await ts.admin.post<{ error: { message: string } }>('/api/tickets', { subject: 'Change', description: '', type: 'change' });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/Change window is required/);
      const badDate = await ts.admin.post('/api/tickets', { subject: 'Change', description: '', type: 'change', customFields: { change_window: '2026-02-30' } });
      expect(badDate.status).toBe(400);
      const ok = await ts.admin.post<Ticket>('/api/tickets', { subject: 'Change', description: '', type: 'change', customFields: { change_window: '2026-03-01' } });
      expect(ok.status).toBe(201);
      expect(ok.body.customFields).toEqual({ change_window: '2026-03-01' });
      const patched = await ts.admin.patch('/api/custom-fields/change_window', { ticketTypes: ['change', 'problem'] });
      expect(patched.body).toMatchObject({ ticketTypes: ['change', 'problem'] });
      await ts.admin.delete('/api/custom-fields/change_window');
    });
  });

  describe('who else is viewing', () => {
    const presence = (probe: StreamProbe, ticketId: string, names: string[]) =>
      probe.until((m: StreamServerMessage) => m.type === 'presence' && m.ticketId === ticketId && JSON.stringify(m.viewers.map((v) => v.name)) === JSON.stringify(names));

    it('tells the agents on a ticket about each other, live, and when one leaves', async () => {
      const ticket = await raise('Shared drive missing');
      const ada = await openStream(agentA);
      const bea = await openStream(agentA2);
      streams.push(ada, bea);
      ada.send({ type: 'viewing', ticketId: ticket.id });
      await presence(ada, ticket.id, ['Ada Agent']);
      bea.send({ type: 'viewing', ticketId: ticket.id });
      await presence(ada, ticket.id, ['Ada Agent', 'Bea Agent']);
      await presence(bea, ticket.id, ['Ada Agent', 'Bea Agent']);
      bea.send({ type: 'viewing', ticketId: null });
      ada.messages.length = 0;
      await presence(ada, ticket.id, ['Ada Agent']);
      bea.send({ type: 'viewing', ticketId: ticket.id });
      await presence(ada, ticket.id, ['Ada Agent', 'Bea Agent']);
      ada.messages.length = 0;
      bea.close();
      await presence(ada, ticket.id, ['Ada Agent']);
    });

    it('never announces anyone to, or from, someone who may not see the ticket', async () => {
      const ticket = await raise('Payroll access');
      const ada = await openStream(agentA);
      const cy = await openStream(agentB);
      const rita = await openStream(requester);
      streams.push(ada, cy, rita);
      ada.send({ type: 'viewing', ticketId: ticket.id });
      await presence(ada, ticket.id, ['Ada Agent']);
      // Agent B (other group) and the requester (not staff) try to join: nothing is announced.
      cy.send({ type: 'viewing', ticketId: ticket.id });
      rita.send({ type: 'viewing', ticketId: ticket.id });
      const probeTicket = await raise('Probe');
      ada.send({ type: 'viewing', ticketId: probeTicket.id });
      await presence(ada, probeTicket.id, ['Ada Agent']);
      ada.send({ type: 'viewing', ticketId: ticket.id });
      await presence(ada, ticket.id, ['Ada Agent']);
      const leaked = [...ada.messages, ...cy.messages, ...rita.messages].filter(
        (m) => m.type === 'presence' && m.viewers.some((v) => v.name === 'Cy Agent' || v.name === 'Rita Requester'),
      );
      expect(leaked).toEqual([]);
      expect(cy.messages.filter((m) => m.type === 'presence')).toEqual([]);
      expect(rita.messages.filter((m) => m.type === 'presence' || m.type === 'error')).toEqual([]);
    });
  });
});
