import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { enrollTestDevice, type RawDeviceLink } from '../fixtures/device';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { connectDevice, until } from './remote-session-helpers';

/**
 * The record of a remote session: the device's lines appended (bounded, in order, batched) with
 * the server's own, append-only in the database itself, and one internal note on the ticket when
 * the session ends, with who, rights, times, files, processes and the plain-text transcript.
 */
const SHA = 'a'.repeat(64);

describe.each(STORE_KINDS)('remote session record on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let requester: ApiClient;
  const links: RawDeviceLink[] = [];

  /** An active session on a fresh device, with a ticket unless told otherwise. */
  const activeSession = async (withTicket = true, groupId?: string) => {
    const enrolled = await enrollTestDevice(ts.admin, 'Reception PC', groupId ? { groupId } : {});
    const link = await connectDevice(ts.url, ts.admin, enrolled);
    links.push(link);
    const ticket = withTicket ? (await ts.admin.post('/api/tickets', { subject: 'VPN drops', description: 'help', requesterId: requester.user!.id })).body : null;
    const { body } = await agent.post('/api/remote-sessions', { deviceId: enrolled.id, rights: ['view', 'shell', 'files', 'diagnostics'], ...(ticket ? { ticketId: ticket.id } : {}) });
    link.send({ type: 'session_answer', sessionId: body.id, granted: ['view', 'shell', 'files', 'diagnostics'], refused: false });
    await until(async () => (await agent.get(`/api/remote-sessions/${body.id}`)).body.status === 'active');
    return { id: body.id as string, link, ticket };
  };
  const log = (link: RawDeviceLink, sessionId: string, kind: string, data: Record<string, unknown>) => link.send({ type: 'session_log', sessionId, kind, data });
  type Line = { seq: number; kind: string; source: string; data: Record<string, any> };
  /** The whole record, read page by page (an odd page size, so pages end mid-batch). */
  const events = async (id: string, limit = 97) => {
    const all: Line[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await agent.get(`/api/remote-sessions/${id}/events?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      all.push(...(res.body.items as Line[]));
      cursor = res.body.nextCursor;
    } while (cursor);
    return all;
  };
  const notes = async (ticketId: string) => ((await agent.get(`/api/tickets/${ticketId}/events`)).body.items as { kind: string; public: boolean; body: string; authorId: string }[]).filter((e) => e.kind === 'note');

  beforeAll(async () => {
    ts = await startTestServer(kind, { config: { remoteConsentTimeoutMs: 20_000 } });
    agent = await createUser(ts.admin, 'agent', { name: 'Ada Agent' });
    requester = await createUser(ts.admin, 'end_user');
  }, 120_000);
  afterAll(async () => {
    for (const l of links) l.close();
    await ts?.close();
  });

  it('pages the record by cursor: contiguous pages, no line twice, null cursor at the end; limit and cursor checked', async () => {
    const { id, link } = await activeSession(false);
    for (let i = 0; i < 23; i++) log(link, id, 'chat', { from: 'device', text: `line ${i}` });
    await until(async () => (await events(id)).length === 25, 5000, 'all lines written');
    const first = await agent.get(`/api/remote-sessions/${id}/events?limit=10`);
    expect(first.body.items.map((e: Line) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await agent.get(`/api/remote-sessions/${id}/events?limit=10&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items.map((e: Line) => e.seq)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const third = await agent.get(`/api/remote-sessions/${id}/events?limit=10&cursor=${encodeURIComponent(second.body.nextCursor)}`);
    expect(third.body.items.map((e: Line) => e.seq)).toEqual([21, 22, 23, 24, 25]);
    expect(third.body.nextCursor).toBeNull();
    // Exactly a page left: no empty page promised.
    const exact = await agent.get(`/api/remote-sessions/${id}/events?limit=5&cursor=${encodeURIComponent(second.body.nextCursor)}`);
    expect(exact.body.items).toHaveLength(5);
    expect(exact.body.nextCursor).toBeNull();
    // The default page holds the whole of this record.
    expect((await agent.get(`/api/remote-sessions/${id}/events`)).body.items).toHaveLength(25);

    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('["x"]').toString('base64url')}`, 'cursor'],
      ['after=3', 'after'],
    ] as const) {
      const bad = await agent.get(`/api/remote-sessions/${id}/events?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.message, query).toMatch(new RegExp(field));
    }
  });

  it("appends the device's lines in order after the server's, and writes one internal note on the ticket when it ends", async () => {
    const { id, link, ticket } = await activeSession();
    log(link, id, 'connected', {});
    log(link, id, 'shell_opened', { tab: 1 });
    const pieces = 300;
    for (let i = 0; i < pieces; i++) log(link, id, 'shell_transcript', { tab: 1, text: `\u001b[32m$\u001b[0m echo line ${i}\r\nline ${i}\r\n` });
    log(link, id, 'file_sent', { name: 'fix-vpn.sh', size: 1234, sha256: SHA });
    log(link, id, 'file_fetched', { name: 'vpn.log', size: 99, sha256: 'b'.repeat(64) });
    log(link, id, 'process_killed', { pid: 4242, name: 'openvpn' });
    log(link, id, 'shell_closed', { tab: 1, exitCode: 0 });
    await until(async () => (await events(id)).length === pieces + 8, 5000, 'all lines written');
    expect((await agent.post(`/api/remote-sessions/${id}/end`, { reason: 'VPN fixed.' })).status).toBe(200);

    const record = await events(id);
    expect(record.map((e) => e.seq)).toEqual(record.map((_, i) => i + 1));
    expect(record[0]).toMatchObject({ kind: 'requested', source: 'agent' });
    expect(record[1]).toMatchObject({ kind: 'granted', source: 'device' });
    expect(record.filter((e) => e.kind === 'shell_transcript').map((e) => e.data.text)).toEqual(Array.from({ length: pieces }, (_, i) => `\u001b[32m$\u001b[0m echo line ${i}\r\nline ${i}\r\n`));
    expect(record.at(-1)).toMatchObject({ kind: 'ended', source: 'agent', data: { reason: 'VPN fixed.' } });

    await until(async () => (await notes(ticket.id)).length === 1, 5000, 'the note on the ticket');
    const [note] = await notes(ticket.id);
    expect(note!.public).toBe(false);
    expect(note!.authorId).toBe(agent.user!.id);
    expect(note!.body).toContain('Ada Agent');
    expect(note!.body).toContain('Reception PC');
    expect(note!.body).toContain('Rights asked for: view, shell, files, diagnostics');
    expect(note!.body).toContain('Rights granted: view, shell, diagnostics, files');
    expect(note!.body).toContain('consented at the device');
    expect(note!.body).toMatch(/Duration: \d+ s/);
    expect(note!.body).toContain(`to the device: fix-vpn.sh, 1234 bytes, sha256 ${SHA}`);
    expect(note!.body).toContain(`from the device: vpn.log, 99 bytes, sha256 ${'b'.repeat(64)}`);
    expect(note!.body).toContain('openvpn (pid 4242)');
    expect(note!.body).toContain('$ echo line 0\nline 0\n$ echo line 1\nline 1');
    expect(note!.body).toContain('line 299');
    expect(note!.body).not.toContain('\u001b');
    expect(note!.body).not.toContain('Trimmed');

    // Ending again, or later lines from the device, write no second note.
    await agent.post(`/api/remote-sessions/${id}/end`, {});
    log(link, id, 'chat', { text: 'late' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await notes(ticket.id)).toHaveLength(1);
  });

  it('the database itself refuses to change or delete a line of the record', async () => {
    const { id } = await activeSession(false);
    const db = ts.store.db;
    await expect(sql`update remote_session_events set kind = 'chat' where session_id = ${id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from remote_session_events where session_id = ${id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate remote_session_events cascade`.execute(db)).rejects.toThrow(/append-only/);
    expect((await events(id)).map((e) => e.kind)).toEqual(['requested', 'granted']);
  });

  it('trims a long transcript on the note (saying so), cuts an oversize line, and writes no note without a ticket', async () => {
    const { id, link, ticket } = await activeSession();
    const chunk = `${'x'.repeat(99)}\n`;
    for (let i = 0; i < 400; i++) log(link, id, 'shell_transcript', { tab: 'a', text: i === 0 ? 'FIRST LINE\n' : i === 399 ? 'LAST LINE\n' : chunk });
    log(link, id, 'chat', { text: 'y'.repeat(30_000) });
    await until(async () => (await events(id)).length === 2 + 401, 8000, 'all lines written');
    const chat = (await events(id)).find((e) => e.kind === 'chat')!;
    expect(chat.data.cut).toBe(true);
    expect((chat.data.text as string).length).toBeLessThan(17_000);
    link.send({ type: 'session_ended', sessionId: id, reason: 'User closed the session.' });
    await until(async () => (await notes(ticket.id)).length === 1, 5000, 'the note');
    const body = (await notes(ticket.id))[0]!.body;
    expect(body).toMatch(/Trimmed: \d+ characters from the middle are not shown here/);
    expect(body).toContain('FIRST LINE');
    expect(body).toContain('LAST LINE');
    expect(body.length).toBeLessThan(25_000);
    expect(body).toContain('Ended: ');
    expect(body).toContain('by the device');

    const bare = await activeSession(false);
    await agent.post(`/api/remote-sessions/${bare.id}/end`, {});
    await new Promise((r) => setTimeout(r, 1300));
    const row = await sql<{ note_event_id: string | null }>`select note_event_id from remote_sessions where id = ${bare.id}`.execute(ts.store.db);
    expect(row.rows).toEqual([{ note_event_id: null }]);
  });

  it('an unattended session says so on the note', async () => {
    const groupId = (await ts.admin.post('/api/groups', { name: 'Servers' })).body.id;
    await ts.admin.request('PUT', `/api/groups/${groupId}/remote-policy`, { allowedRights: ['view', 'shell', 'files', 'diagnostics'], unattended: true });
    const { id, ticket } = await activeSession(true, groupId);
    await agent.post(`/api/remote-sessions/${id}/end`, {});
    await until(async () => (await notes(ticket.id)).length === 1, 5000, 'the note');
    expect((await notes(ticket.id))[0]!.body).toContain('unattended (group policy; no one was asked)');
  });
});
