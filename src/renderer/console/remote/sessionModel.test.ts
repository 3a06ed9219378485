import { describe, expect, it } from 'vitest';
import type { RemoteSession } from '../../../shared/domain/remote-session';
import { consentDeadline, consentWindowMs, holds, INITIAL_VIEW, nextView, secondsLeft, type SessionView } from './sessionModel';

const T0 = Date.parse('2026-12-02T08:00:00.000Z');
const session = (patch: Partial<RemoteSession> = {}): RemoteSession => ({
  id: 's1',
  deviceId: 'd1',
  ticketId: null,
  agentId: 'a1',
  requested: ['view', 'control', 'shell'],
  granted: [],
  unattended: false,
  status: 'pending',
  reason: null,
  endedBy: null,
  requestedAt: new Date(T0).toISOString(),
  consentDeadline: null,
  startedAt: null,
  endedAt: null,
  ...patch,
});
const hello = { deviceName: 'kiosk-3', monitors: [], monitor: null, maxFileBytes: 1000 };

describe('the consent countdown', () => {
  it.each([
    // [what, local now, expected deadline]
    ['clocks agree, heard at once', T0, T0 + 30_000],
    ['heard 5 s after the request', T0 + 5_000, T0 + 30_000],
    ['console clock 10 s behind the server', T0 - 10_000, T0 + 20_000],
  ])('%s', (_what, now, deadline) => {
    expect(consentDeadline(session(), now)).toBe(deadline);
  });

  // A server set to a 25 s consent timeout: its deadline is T0 + 25 s on its own clock.
  const short = () => session({ consentDeadline: new Date(T0 + 25_000).toISOString() });
  it.each([
    // [what, local now, time left the server's frame says, expected deadline]
    ['the frame says 25 s left, heard at once', T0, 25_000, T0 + 25_000],
    ['the frame says 19 s left, heard 6 s in', T0 + 6_000, 19_000, T0 + 25_000],
    ['console clock 10 s behind: the time left still counts from arrival', T0 - 10_000, 25_000, T0 + 15_000],
    ['console clock 10 s ahead: likewise', T0 + 10_000, 25_000, T0 + 35_000],
    ['no time left in the frame: the server deadline, console clock agreeing', T0 + 1_000, undefined, T0 + 25_000],
    ['no time left in the frame, console clock behind: never longer than the whole wait', T0 - 10_000, undefined, T0 + 15_000],
  ])('shorter server timeout: %s', (_what, now, left, deadline) => {
    expect(consentDeadline(short(), now, left)).toBe(deadline);
  });

  it('the whole wait is the server’s window (25 s here), 30 s when the session does not say', () => {
    expect(consentWindowMs(short())).toBe(25_000);
    expect(consentWindowMs(session())).toBe(30_000);
    const v = nextView(INITIAL_VIEW, { type: 'state', session: short(), now: T0 + 2_000, consentLeftMs: 23_000 });
    expect(v).toMatchObject({ phase: 'waiting', deadline: T0 + 25_000, windowMs: 25_000 });
    expect(secondsLeft((v as Extract<SessionView, { phase: 'waiting' }>).deadline, T0 + 2_000)).toBe(23);
  });

  it.each([
    [30_000, 30],
    [29_001, 30],
    [29_000, 29],
    [1, 1],
    [0, 0],
    [-5_000, 0],
  ])('%i ms left shows %i seconds', (ms, s) => {
    expect(secondsLeft(T0 + ms, T0)).toBe(s);
  });
});

describe('the session view', () => {
  it('goes connecting → waiting → active → over(ended) and keeps the first deadline', () => {
    let v: SessionView = INITIAL_VIEW;
    v = nextView(v, { type: 'state', session: session(), now: T0 + 1_000 });
    expect(v).toMatchObject({ phase: 'waiting', deadline: T0 + 30_000 });
    // A repeated pending frame, heard later, does not move the deadline.
    v = nextView(v, { type: 'state', session: session(), now: T0 + 20_000 });
    expect(v).toMatchObject({ phase: 'waiting', deadline: T0 + 30_000 });
    v = nextView(v, { type: 'state', session: session({ status: 'active', granted: ['view', 'shell'] }), now: T0 + 3_000 });
    expect(v).toMatchObject({ phase: 'active', rights: ['view', 'shell'], peer: 'negotiating', hello: null });
    v = nextView(v, { type: 'hello', rights: ['view', 'shell'], hello });
    expect(v).toMatchObject({ phase: 'active', peer: 'connected', hello });
    v = nextView(v, { type: 'state', session: session({ status: 'ended', reason: 'The agent ended the session.', endedBy: 'agent' }), now: T0 + 60_000 });
    expect(v).toMatchObject({ phase: 'over', outcome: 'ended', reason: 'The agent ended the session.' });
    // Nothing after the end changes it.
    expect(nextView(v, { type: 'peer', peer: 'connected' })).toBe(v);
    expect(nextView(v, { type: 'socket_down' })).toBe(v);
  });

  it.each(['refused', 'timed_out', 'failed'] as const)('a %s session is over with its reason', (status) => {
    const v = nextView(INITIAL_VIEW, { type: 'state', session: session({ status, reason: `because ${status}` }), now: T0 });
    expect(v).toEqual({ phase: 'over', session: session({ status, reason: `because ${status}` }), outcome: status, reason: `because ${status}` });
  });

  it('the device narrowing the rights (view only) takes control away, and a later state frame does not give it back', () => {
    let v = nextView(INITIAL_VIEW, { type: 'state', session: session({ status: 'active', granted: ['view', 'control'] }), now: T0 });
    v = nextView(v, { type: 'hello', rights: ['view', 'control'], hello });
    expect(holds(v, 'control')).toBe(true);
    v = nextView(v, { type: 'rights', rights: ['view'] });
    expect(holds(v, 'control')).toBe(false);
    v = nextView(v, { type: 'state', session: session({ status: 'active', granted: ['view', 'control'] }), now: T0 });
    expect(holds(v, 'control')).toBe(false);
    expect(holds(v, 'view')).toBe(true);
  });

  it('nothing is held before the session is active', () => {
    const waiting = nextView(INITIAL_VIEW, { type: 'state', session: session(), now: T0 });
    expect(holds(waiting, 'view')).toBe(false);
    expect(holds(INITIAL_VIEW, 'view')).toBe(false);
  });

  it('a refused socket is final; a dropped socket is shown and cleared by the next state frame', () => {
    let v = nextView(INITIAL_VIEW, { type: 'state', session: session({ status: 'active', granted: ['view'] }), now: T0 });
    v = nextView(v, { type: 'socket_down' });
    expect(v).toMatchObject({ phase: 'active', socketDown: true });
    v = nextView(v, { type: 'state', session: session({ status: 'active', granted: ['view'] }), now: T0 });
    expect(v).toMatchObject({ phase: 'active', socketDown: false });
    const lost = nextView(v, { type: 'socket_refused', message: 'no' });
    expect(lost).toEqual({ phase: 'lost', message: 'no' });
    expect(nextView(lost, { type: 'state', session: session(), now: T0 })).toBe(lost);
  });

  it('peer and monitor events only matter while active', () => {
    const waiting = nextView(INITIAL_VIEW, { type: 'state', session: session(), now: T0 });
    expect(nextView(waiting, { type: 'peer', peer: 'connected' })).toBe(waiting);
    let v = nextView(INITIAL_VIEW, { type: 'state', session: session({ status: 'active', granted: ['view'] }), now: T0 });
    v = nextView(v, { type: 'hello', rights: ['view'], hello: { ...hello, monitor: 'm1' } });
    v = nextView(v, { type: 'monitor', monitor: 'm2' });
    expect(v).toMatchObject({ hello: { monitor: 'm2' } });
    v = nextView(v, { type: 'peer', peer: 'reconnecting' });
    expect(v).toMatchObject({ peer: 'reconnecting' });
  });
});
