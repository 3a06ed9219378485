import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { enrollTestDevice, type RawDeviceLink } from '../fixtures/device';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { connectDevice, deviceFrame, HEADLESS, SignalSocket, until } from './remote-session-helpers';

/**
 * Remote sessions, server side: asking, consent (granted, fewer rights, refused, timed out),
 * policy and capability checks, ending from either side, link drops and revocation, and who may
 * start and read. The device is a raw device link driven by hand.
 */
const CONSENT_MS = 1200;
const ICE = [{ urls: 'stun:stun.example.org:3478' }, { urls: ['turn:turn.example.org:3478'], username: 'u', credential: 'p' }];

describe.each(STORE_KINDS)('remote sessions on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let agentB: ApiClient;
  let endUser: ApiClient;
  let groupId: string;
  const links: RawDeviceLink[] = [];
  const sockets: SignalSocket[] = [];

  const device = async (capabilities = undefined as Parameters<typeof connectDevice>[3], token: { groupId?: string } = {}) => {
    const enrolled = await enrollTestDevice(ts.admin, undefined, token);
    const link = await connectDevice(ts.url, ts.admin, enrolled, capabilities);
    links.push(link);
    return { id: enrolled.id, enrolled, link };
  };
  const ask = (client: ApiClient, body: Record<string, unknown>) => client.post('/api/remote-sessions', body);
  const session = async (id: string) => (await ts.admin.get(`/api/remote-sessions/${id}`)).body;
  const kinds = async (id: string) => ((await ts.admin.get(`/api/remote-sessions/${id}/events`)).body.items as { kind: string }[]).map((e) => e.kind);

  beforeAll(async () => {
    ts = await startTestServer(kind, { config: { remoteConsentTimeoutMs: CONSENT_MS, remoteDisconnectGraceMs: 0, iceServers: ICE } });
    groupId = (await ts.admin.post('/api/groups', { name: 'Kiosks' })).body.id;
    agent = await createUser(ts.admin, 'agent', { name: 'Ada Agent' });
    agentB = await createUser(ts.admin, 'agent');
    endUser = await createUser(ts.admin, 'end_user');
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const l of links) l.close();
    await ts?.close();
  });

  it('offers the session to the device (agent, ticket, rights, ICE servers, answer-by) and answers 201 pending', async () => {
    const d = await device();
    const ticket = (await ts.admin.post('/api/tickets', { subject: 'Printer offline', description: 'help', requesterId: endUser.user!.id })).body;
    const res = await ask(agent, { deviceId: d.id, ticketId: ticket.id, rights: ['view', 'control', 'shell'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ deviceId: d.id, ticketId: ticket.id, agentId: agent.user!.id, requested: ['view', 'control', 'shell'], granted: [], status: 'pending', unattended: false, endedBy: null });
    const offer = await deviceFrame(d.link, 'session_offer', (f) => f.sessionId === res.body.id);
    expect(offer).toMatchObject({ agent: { id: agent.user!.id, name: 'Ada Agent', email: agent.user!.email }, ticket: { number: `T-${ticket.number}`, subject: 'Printer offline' }, rights: ['view', 'control', 'shell'], unattended: false, iceServers: ICE });
    expect(offer.answerBy).toBeGreaterThan(Date.now());
    expect(offer.answerBy).toBeLessThanOrEqual(Date.now() + CONSENT_MS + 100);
    expect(await kinds(res.body.id)).toEqual(['requested']);
  });

  it("says when consent runs out by the server's configured timeout (not 30 s): on the session, in the offer and in the agent's state frames", async () => {
    const d = await device();
    const res = await ask(agent, { deviceId: d.id, rights: ['shell'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const window = Date.parse(res.body.consentDeadline) - Date.parse(res.body.requestedAt);
    expect(window).toBeGreaterThanOrEqual(CONSENT_MS);
    expect(window).toBeLessThan(CONSENT_MS + 500);
    expect((await session(res.body.id)).consentDeadline).toBe(res.body.consentDeadline);
    const listed = (await agent.get(`/api/remote-sessions?deviceId=${d.id}`)).body.items as { id: string; consentDeadline: string | null }[];
    expect(listed.find((x) => x.id === res.body.id)?.consentDeadline).toBe(res.body.consentDeadline);
    // The device gets the time left (its clock may differ), at most the configured window.
    const offer = await deviceFrame(d.link, 'session_offer', (f) => f.sessionId === res.body.id);
    expect(offer.answerWithinMs).toBeLessThanOrEqual(CONSENT_MS);
    expect(offer.answerWithinMs).toBeGreaterThan(CONSENT_MS - 500);
    expect(offer.answerBy).toBe(Date.parse(res.body.consentDeadline));
    const opened = Date.now();
    const socket = await SignalSocket.open(ts.url, res.body.id, agent);
    sockets.push(socket);
    const state = await socket.next('state');
    expect(state.session.consentDeadline).toBe(res.body.consentDeadline);
    // Counted when the frame was sent (server and test share this machine's clock here).
    expect(state.consentLeftMs).toBeGreaterThan(0);
    expect(state.consentLeftMs).toBeLessThanOrEqual(Date.parse(res.body.consentDeadline) - opened + 20);
    // Once answered, there is no deadline any more.
    d.link.send({ type: 'session_answer', sessionId: res.body.id, granted: ['shell'], refused: false });
    const active = await socket.next('state', (f) => f.session.status === 'active');
    expect(active.session.consentDeadline).toBeNull();
    expect(active.consentLeftMs).toBeUndefined();
    expect((await session(res.body.id)).consentDeadline).toBeNull();
  });

  it('a grant makes it active with the rights granted (fewer than asked; never others), and the agent socket follows', async () => {
    const d = await device();
    const { body } = await ask(agent, { deviceId: d.id, rights: ['view', 'control', 'shell'] });
    const socket = await SignalSocket.open(ts.url, body.id, agent);
    sockets.push(socket);
    const first = await socket.next('state');
    expect(first.session.status).toBe('pending');
    expect(first.iceServers).toEqual(ICE);
    d.link.send({ type: 'session_answer', sessionId: body.id, granted: ['shell', 'files', 'control'], refused: false });
    const active = await socket.next('state', (f) => f.session.status === 'active');
    // files was never asked for; control without view is not granted.
    expect(active.session.granted).toEqual(['shell']);
    expect(active.session.startedAt).not.toBeNull();
    expect(await session(body.id)).toMatchObject({ status: 'active', granted: ['shell'] });
    expect(await kinds(body.id)).toEqual(['requested', 'granted']);
  });

  it('a refusal is recorded with its reason, by the device', async () => {
    const d = await device();
    const { body } = await ask(agent, { deviceId: d.id, rights: ['view'] });
    d.link.send({ type: 'session_answer', sessionId: body.id, granted: [], refused: true, reason: 'Busy in a meeting.' });
    await until(async () => (await session(body.id)).status === 'refused');
    expect(await session(body.id)).toMatchObject({ status: 'refused', reason: 'Busy in a meeting.', endedBy: 'device', granted: [] });
    expect(await kinds(body.id)).toEqual(['requested', 'refused']);
    // A late grant changes nothing.
    d.link.send({ type: 'session_answer', sessionId: body.id, granted: ['view'], refused: false });
    await new Promise((r) => setTimeout(r, 150));
    expect((await session(body.id)).status).toBe('refused');
  });

  it('no answer within the consent window: timed out, and the device is told to drop the prompt', async () => {
    const d = await device();
    const { body } = await ask(agent, { deviceId: d.id, rights: ['chat'] });
    const end = await deviceFrame(d.link, 'session_end', (f) => f.sessionId === body.id, CONSENT_MS + 3000);
    expect(end.reason).toMatch(/No one answered/);
    expect(await session(body.id)).toMatchObject({ status: 'timed_out', endedBy: 'server' });
    expect(await kinds(body.id)).toEqual(['requested', 'timed_out']);
  });

  it('409 with a sentence when the device cannot offer a right (no display: no view or control), 409 offline, 409 revoked', async () => {
    const d = await device(HEADLESS);
    const view = await ask(agent, { deviceId: d.id, rights: ['view'] });
    expect(view.status).toBe(409);
    expect(view.body.error.message).toMatch(/view right: its screen is unavailable \(No display\.\)/);
    const control = await ask(agent, { deviceId: d.id, rights: ['view', 'control'] });
    expect(control.status).toBe(409);
    expect((await ask(agent, { deviceId: d.id, rights: ['shell', 'diagnostics'] })).status).toBe(201);

    const offline = await enrollTestDevice(ts.admin);
    const res = await ask(agent, { deviceId: offline.id, rights: ['shell'] });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/offline/);

    await ts.admin.post(`/api/devices/${offline.id}/revoke`);
    const revoked = await ask(agent, { deviceId: offline.id, rights: ['shell'] });
    expect(revoked.status).toBe(409);
    expect(revoked.body.error.message).toMatch(/revoked/);
    expect((await ask(agent, { deviceId: '00000000-0000-4000-8000-00000000beef', rights: ['shell'] })).status).toBe(404);
  });

  it("the group policy caps the rights (403 naming them); only admins set it, agents read it; unattended is offered as such", async () => {
    expect((await agent.get(`/api/groups/${groupId}/remote-policy`)).body).toEqual({ allowedRights: ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'], unattended: false });
    expect((await agent.request('PUT', `/api/groups/${groupId}/remote-policy`, { allowedRights: ['view'], unattended: true })).status).toBe(403);
    const put = await ts.admin.request('PUT', `/api/groups/${groupId}/remote-policy`, { allowedRights: ['diagnostics', 'view', 'chat'], unattended: true });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({ allowedRights: ['view', 'diagnostics', 'chat'], unattended: true });
    expect((await agent.get(`/api/groups/${groupId}/remote-policy`)).body).toEqual(put.body);
    expect((await endUser.get(`/api/groups/${groupId}/remote-policy`)).status).toBe(403);

    const d = await device(undefined, { groupId });
    const refused = await ask(agent, { deviceId: d.id, rights: ['view', 'shell', 'files'] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/does not allow the shell, files rights/);
    const ok = await ask(agent, { deviceId: d.id, rights: ['diagnostics'] });
    expect(ok.status).toBe(201);
    expect(ok.body.unattended).toBe(true);
    expect((await deviceFrame(d.link, 'session_offer', (f) => f.sessionId === ok.body.id)).unattended).toBe(true);
  });

  it('the agent ends it: the device gets session_end, the socket the last state and a close; another agent may not end it', async () => {
    const d = await device();
    const { body } = await ask(agent, { deviceId: d.id, rights: ['shell'] });
    d.link.send({ type: 'session_answer', sessionId: body.id, granted: ['shell'], refused: false });
    await until(async () => (await session(body.id)).status === 'active');
    const socket = await SignalSocket.open(ts.url, body.id, agent);
    sockets.push(socket);
    await socket.next('state');

    const other = await agentB.post(`/api/remote-sessions/${body.id}/end`, {});
    expect(other.status).toBe(403);
    const ended = await agent.post(`/api/remote-sessions/${body.id}/end`, { reason: 'Fixed the printer.' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended', endedBy: 'agent', reason: 'Fixed the printer.' });
    expect((await deviceFrame(d.link, 'session_end', (f) => f.sessionId === body.id)).reason).toBe('Fixed the printer.');
    expect((await socket.next('state', (f) => f.session.status === 'ended')).session.endedBy).toBe('agent');
    expect((await socket.closed).code).toBe(4000);
    // Ending again changes nothing.
    const again = await agent.post(`/api/remote-sessions/${body.id}/end`, {});
    expect(again.body.endedAt).toBe(ended.body.endedAt);
    expect(await kinds(body.id)).toEqual(['requested', 'granted', 'ended']);
  });

  it('the device ends it: ended by the device, with its reason', async () => {
    const d = await device();
    const { body } = await ask(agent, { deviceId: d.id, rights: ['chat'] });
    d.link.send({ type: 'session_answer', sessionId: body.id, granted: ['chat'], refused: false });
    await until(async () => (await session(body.id)).status === 'active');
    d.link.send({ type: 'session_ended', sessionId: body.id, reason: 'The user pressed Stop.' });
    await until(async () => (await session(body.id)).status === 'ended');
    expect(await session(body.id)).toMatchObject({ endedBy: 'device', reason: 'The user pressed Stop.' });
    expect(d.link.frames.some((f) => f.type === 'session_end' && f.sessionId === body.id)).toBe(false);
  });

  it('another device cannot answer or end a session that is not its own', async () => {
    const d = await device();
    const intruder = await device();
    const { body } = await ask(agent, { deviceId: d.id, rights: ['chat'] });
    intruder.link.send({ type: 'session_answer', sessionId: body.id, granted: ['chat'], refused: false });
    intruder.link.send({ type: 'session_ended', sessionId: body.id, reason: 'hijack' });
    await new Promise((r) => setTimeout(r, 200));
    expect((await session(body.id)).status).toBe('pending');
    await agent.post(`/api/remote-sessions/${body.id}/end`, {});
  });

  it('the device link drops: its active session ends (device disconnected); a revoked device: ended as revoked', async () => {
    const d = await device();
    const { body } = await ask(agent, { deviceId: d.id, rights: ['shell'] });
    d.link.send({ type: 'session_answer', sessionId: body.id, granted: ['shell'], refused: false });
    await until(async () => (await session(body.id)).status === 'active');
    d.link.close();
    await until(async () => (await session(body.id)).status === 'ended');
    expect(await session(body.id)).toMatchObject({ endedBy: 'server', reason: 'The device disconnected.' });

    const r = await device();
    const second = (await ask(agent, { deviceId: r.id, rights: ['shell'] })).body;
    r.link.send({ type: 'session_answer', sessionId: second.id, granted: ['shell'], refused: false });
    await until(async () => (await session(second.id)).status === 'active');
    await ts.admin.post(`/api/devices/${r.id}/revoke`);
    await until(async () => (await session(second.id)).status === 'ended');
    expect((await session(second.id)).reason).toBe('The device was revoked.');
  });

  it('end users may not start, list, read or end sessions; agents list what they may see, by device', async () => {
    const d = await device();
    const { body } = await ask(agent, { deviceId: d.id, rights: ['chat'] });
    expect((await ask(endUser, { deviceId: d.id, rights: ['chat'] })).status).toBe(403);
    expect((await endUser.get('/api/remote-sessions')).status).toBe(403);
    expect((await endUser.get(`/api/remote-sessions/${body.id}`)).status).toBe(403);
    expect((await endUser.get(`/api/remote-sessions/${body.id}/events`)).status).toBe(403);
    expect((await endUser.post(`/api/remote-sessions/${body.id}/end`, {})).status).toBe(403);
    const list = await agentB.get(`/api/remote-sessions?deviceId=${d.id}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([body.id]);
    await agent.post(`/api/remote-sessions/${body.id}/end`, {});
  });

  it('pages the list newest first with a cursor', async () => {
    const d = await device();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { body } = await ask(agent, { deviceId: d.id, rights: ['chat'] });
      ids.push(body.id);
      await agent.post(`/api/remote-sessions/${body.id}/end`, {});
    }
    const first = await agent.get(`/api/remote-sessions?deviceId=${d.id}&limit=2`);
    expect(first.body.items.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    const second = await agent.get(`/api/remote-sessions?deviceId=${d.id}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
  });
});
