import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server';
import { ApiClient, createUser } from '../fixtures/api';
import { enrollTestDevice, type RawDeviceLink } from '../fixtures/device';
import { ADMIN } from '../fixtures/server';
import { startInstancePair, type InstancePair } from '../fixtures/server-instance';
import { STORE_KINDS } from '../fixtures/stores';
import { connectDevice, deviceFrame, SignalSocket, until } from './remote-session-helpers';

/**
 * A remote session whose device is linked to instance two while the agent works through instance
 * one: the request is offered over the other instance's link, the agent's signaling socket on
 * instance one follows the session run on instance two (state, signals both ways), and ending it
 * on instance one reaches the device.
 */
const offer = { type: 'offer', sdp: 'v=0\r\n' };
const answer = { type: 'answer', sdp: 'v=0\r\n' };
const hasPostgres = STORE_KINDS.includes('postgres');

describe.skipIf(!hasPostgres)(hasPostgres ? 'remote sessions across two server instances on PostgreSQL' : 'remote sessions across two server instances (skipped: no PostgreSQL reachable)', () => {
  let pair: InstancePair;
  let one: RunningServer;
  let two: RunningServer;
  let admin1: ApiClient;
  let admin2: ApiClient;
  let agent: ApiClient;
  const links: RawDeviceLink[] = [];
  const sockets: SignalSocket[] = [];

  beforeAll(async () => {
    pair = await startInstancePair();
    ({ one, two, admin1 } = pair);
    admin2 = new ApiClient(two.url);
    await admin2.signIn(ADMIN.email, ADMIN.password);
    agent = await createUser(admin1, 'agent');
  }, 180_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const l of links) l.close();
    await pair?.close();
  }, 120_000);

  const linkedToTwo = async () => {
    const enrolled = await enrollTestDevice(admin1);
    const link = await connectDevice(two.url, admin2, enrolled);
    links.push(link);
    await until(async () => (await admin1.get(`/api/devices/${enrolled.id}`)).body.online === true, 10_000, 'online on instance one');
    return { id: enrolled.id, link };
  };

  it('offers, follows, relays and ends a session through the instance that does not hold the link', async () => {
    const d = await linkedToTwo();
    const res = await agent.post('/api/remote-sessions', { deviceId: d.id, rights: ['shell'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('pending');
    await deviceFrame(d.link, 'session_offer', (f) => f.sessionId === res.body.id);

    const socket = await SignalSocket.open(one.url, res.body.id, agent);
    sockets.push(socket);
    expect((await socket.next('state')).session.status).toBe('pending');
    d.link.send({ type: 'session_answer', sessionId: res.body.id, granted: ['shell'], refused: false });
    expect((await socket.next('state', (f) => f.session.status === 'active')).session.granted).toEqual(['shell']);

    d.link.send({ type: 'session_signal', sessionId: res.body.id, attempt: 0, signal: offer });
    expect((await socket.next('signal')).signal).toEqual(offer);
    socket.send({ type: 'signal', attempt: 0, signal: answer });
    expect((await deviceFrame(d.link, 'session_signal', (f) => f.sessionId === res.body.id)).signal).toEqual(answer);
    socket.send({ type: 'signal', attempt: 0, signal: { type: 'nonsense' } });
    expect((await socket.next('error')).code).toBe('bad_frame');

    const ended = await agent.post(`/api/remote-sessions/${res.body.id}/end`, { reason: 'Done from instance one.' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended', endedBy: 'agent', reason: 'Done from instance one.' });
    expect((await deviceFrame(d.link, 'session_end', (f) => f.sessionId === res.body.id)).reason).toBe('Done from instance one.');
    expect((await socket.closed).code).toBe(4000);
    const kinds = ((await agent.get(`/api/remote-sessions/${res.body.id}/events`)).body.items as { kind: string }[]).map((e) => e.kind);
    expect(kinds).toEqual(['requested', 'granted', 'ended']);
  });

  it("the agent's end frame on instance one ends the session run on instance two", async () => {
    const d = await linkedToTwo();
    const { body } = await agent.post('/api/remote-sessions', { deviceId: d.id, rights: ['chat'] });
    d.link.send({ type: 'session_answer', sessionId: body.id, granted: ['chat'], refused: false });
    const socket = await SignalSocket.open(one.url, body.id, agent);
    sockets.push(socket);
    await socket.next('state', (f) => f.session.status === 'active');
    socket.send({ type: 'end', reason: 'Bye.' });
    expect((await deviceFrame(d.link, 'session_end', (f) => f.sessionId === body.id)).reason).toBe('Bye.');
    expect((await socket.closed).code).toBe(4000);
  });
});
