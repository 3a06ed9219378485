import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { enrollTestDevice, type EnrolledDevice, type RawDeviceLink } from '../fixtures/device';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { connectDevice, deviceFrame, SignalSocket, until } from './remote-session-helpers';

/**
 * The signaling relay of remote sessions: the agent's socket (`auth`, `state`, `signal`) and the
 * device link's `session_signal` frames, relayed both ways only while a session is active, only to
 * the agent who runs it, older negotiation attempts dropped, bad frames answered and survived.
 */
const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
const answer = { type: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n' };
const candidate = { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host', sdpMLineIndex: 0, sdpMid: '0' } };
const settle = () => new Promise((r) => setTimeout(r, 150));

describe.each(STORE_KINDS)('remote signaling on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let agentB: ApiClient;
  const links: RawDeviceLink[] = [];
  const sockets: SignalSocket[] = [];

  const open = async (sessionId: string, client: ApiClient | null) => {
    const s = await SignalSocket.open(ts.url, sessionId, client);
    sockets.push(s);
    return s;
  };
  /** A connected device with a session asked for by `agent`; granted unless told otherwise. */
  const sessionOn = async (grant = true) => {
    const enrolled = await enrollTestDevice(ts.admin);
    const link = await connectDevice(ts.url, ts.admin, enrolled);
    links.push(link);
    const { body } = await agent.post('/api/remote-sessions', { deviceId: enrolled.id, rights: ['view', 'shell'] });
    await deviceFrame(link, 'session_offer', (f) => f.sessionId === body.id);
    if (grant) {
      link.send({ type: 'session_answer', sessionId: body.id, granted: ['view', 'shell'], refused: false });
      await until(async () => (await agent.get(`/api/remote-sessions/${body.id}`)).body.status === 'active');
    }
    return { id: body.id as string, link, enrolled };
  };
  const reconnect = async (enrolled: EnrolledDevice) => {
    const link = await connectDevice(ts.url, ts.admin, enrolled);
    links.push(link);
    return link;
  };
  const deviceSignals = (link: RawDeviceLink, id: string) => link.frames.filter((f) => f.type === 'session_signal' && f.sessionId === id);

  beforeAll(async () => {
    ts = await startTestServer(kind, { config: { remoteConsentTimeoutMs: 20_000, remoteDisconnectGraceMs: 1500 } });
    agent = await createUser(ts.admin, 'agent');
    agentB = await createUser(ts.admin, 'agent');
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const l of links) l.close();
    await ts?.close();
  });

  it('relays signals both ways while active, with their attempt', async () => {
    const { id, link } = await sessionOn();
    const socket = await open(id, agent);
    expect((await socket.next('state')).session.status).toBe('active');
    link.send({ type: 'session_signal', sessionId: id, attempt: 0, signal: offer });
    expect((await socket.next('signal')).signal).toEqual(offer);
    socket.send({ type: 'signal', attempt: 0, signal: answer });
    socket.send({ type: 'signal', attempt: 0, signal: candidate });
    await until(() => deviceSignals(link, id).length === 2);
    expect(deviceSignals(link, id).map((f) => f.type === 'session_signal' && f.signal)).toEqual([answer, candidate]);
  });

  it('relays nothing before the session is active: the agent is told, the device signal is dropped', async () => {
    const { id, link } = await sessionOn(false);
    const socket = await open(id, agent);
    await socket.next('state');
    socket.send({ type: 'signal', attempt: 0, signal: answer });
    expect((await socket.next('error')).code).toBe('not_relayed');
    link.send({ type: 'session_signal', sessionId: id, attempt: 0, signal: offer });
    await settle();
    expect(socket.frames.filter((f) => f.type === 'signal')).toEqual([]);
    expect(deviceSignals(link, id)).toEqual([]);
  });

  it("keeps the device's signals sent right after granting until the agent's socket attaches", async () => {
    const { id, link } = await sessionOn();
    link.send({ type: 'session_signal', sessionId: id, attempt: 0, signal: offer });
    link.send({ type: 'session_signal', sessionId: id, attempt: 0, signal: candidate });
    await settle();
    const socket = await open(id, agent);
    await until(() => socket.frames.filter((f) => f.type === 'signal').length === 2);
    expect(socket.frames.filter((f) => f.type === 'signal').map((f) => f.type === 'signal' && f.signal)).toEqual([offer, candidate]);
  });

  it('drops signals of an older negotiation attempt', async () => {
    const { id, link } = await sessionOn();
    const socket = await open(id, agent);
    await socket.next('state');
    link.send({ type: 'session_signal', sessionId: id, attempt: 2, signal: offer });
    link.send({ type: 'session_signal', sessionId: id, attempt: 1, signal: candidate });
    await socket.next('signal');
    await settle();
    expect(socket.frames.filter((f) => f.type === 'signal').map((f) => f.type === 'signal' && f.attempt)).toEqual([2]);
    socket.send({ type: 'signal', attempt: 1, signal: answer });
    socket.send({ type: 'signal', attempt: 2, signal: answer });
    await until(() => deviceSignals(link, id).length === 1);
    await settle();
    expect(deviceSignals(link, id).map((f) => f.type === 'session_signal' && f.attempt)).toEqual([2]);
  });

  it("another agent cannot follow the session (refused, closed) and gets none of its signals; an admin can", async () => {
    const { id, link } = await sessionOn();
    const mine = await open(id, agent);
    await mine.next('state');
    const intruder = await open(id, agentB);
    expect((await intruder.next('error')).code).toBe('refused');
    expect((await intruder.closed).code).toBe(4403);
    link.send({ type: 'session_signal', sessionId: id, attempt: 0, signal: offer });
    await mine.next('signal');
    expect(intruder.frames.filter((f) => f.type === 'signal' || f.type === 'state')).toEqual([]);

    const bad = await open(id, null);
    bad.send({ type: 'auth', accessToken: 'not-a-token' });
    await bad.next('error');
    expect((await bad.closed).code).toBe(4403);

    // An admin may take it over: the newer socket wins, the older one is told and closed.
    const admin = await open(id, ts.admin);
    expect((await admin.next('state')).session.id).toBe(id);
    expect((await mine.next('error')).code).toBe('replaced');
    expect((await mine.closed).code).toBe(4403);
  });

  it('answers malformed frames with an error frame, drops them, and keeps the socket open', async () => {
    const { id, link } = await sessionOn();
    const socket = await open(id, null);
    socket.send({ type: 'signal', attempt: 0, signal: answer });
    await until(() => socket.frames.some((f) => f.type === 'error' && f.code === 'unauthenticated'));
    socket.send({ type: 'auth', accessToken: agent.accessToken });
    await socket.next('state');
    const junk = [
      'not json at all',
      '{"type":"signal"',
      { type: 'teleport' },
      { type: 'signal', attempt: -1, signal: answer },
      { type: 'signal', attempt: 0, signal: { type: 'offer', sdp: 42 } },
      { type: 'signal', attempt: 0, signal: { type: 'candidate', candidate: { candidate: 'x', evil: true } } },
      { type: 'signal', attempt: 0, signal: answer, extra: 1 },
      { type: 'signal', attempt: 0, signal: { type: 'offer', sdp: 'x'.repeat(40_000) } },
      [],
      null,
    ];
    for (const frame of junk) socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    socket.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await until(() => socket.frames.filter((f) => f.type === 'error' && f.code === 'bad_frame').length === junk.length + 1);
    expect(socket.closeCode).toBeNull();
    expect(deviceSignals(link, id)).toEqual([]);
    socket.send({ type: 'signal', attempt: 0, signal: answer });
    await until(() => deviceSignals(link, id).length === 1);
    expect((await agent.get('/api/health')).status).toBe(200);
  });

  it('survives a brief drop of the device link: the reconnected link carries the signals; a longer one ends it', async () => {
    const { id, link, enrolled } = await sessionOn();
    const socket = await open(id, agent);
    await socket.next('state');
    link.close();
    await new Promise((r) => setTimeout(r, 300));
    const back = await reconnect(enrolled);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await agent.get(`/api/remote-sessions/${id}`)).body.status).toBe('active');
    back.send({ type: 'session_signal', sessionId: id, attempt: 1, signal: offer });
    expect((await socket.next('signal', (f) => f.attempt === 1)).signal).toEqual(offer);
    socket.send({ type: 'signal', attempt: 1, signal: answer });
    await until(() => deviceSignals(back, id).length === 1);

    back.close();
    await until(async () => (await agent.get(`/api/remote-sessions/${id}`)).body.status === 'ended', 5000);
    expect((await agent.get(`/api/remote-sessions/${id}`)).body).toMatchObject({ endedBy: 'server', reason: 'The device disconnected.' });
    expect((await socket.closed).code).toBe(4000);
  });

  it('the agent ends the session from the socket: the device is told, the socket closed', async () => {
    const { id, link } = await sessionOn();
    const socket = await open(id, agent);
    await socket.next('state');
    socket.send({ type: 'end', reason: 'Done here.' });
    expect((await deviceFrame(link, 'session_end', (f) => f.sessionId === id)).reason).toBe('Done here.');
    expect((await socket.closed).code).toBe(4000);
    expect((await agent.get(`/api/remote-sessions/${id}`)).body).toMatchObject({ status: 'ended', endedBy: 'agent' });
    // Attaching to a finished session: its last state, then closed.
    const late = await open(id, agent);
    expect((await late.next('state')).session.status).toBe('ended');
    expect((await late.closed).code).toBe(4000);
  });
});
