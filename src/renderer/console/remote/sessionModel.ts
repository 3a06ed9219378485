import { CONSENT_TIMEOUT_MS, type RemoteRight, type RemoteSession } from '../../../shared/domain/remote-session';
import type { Monitor } from '../../../shared/remote/channels';

/** What the device said in its `hello` once the peer connected. */
export interface DeviceHello {
  deviceName: string;
  monitors: Monitor[];
  monitor: string | null;
  maxFileBytes: number;
}

/** How the WebRTC link stands while the session is active. */
export type PeerState = 'negotiating' | 'connected' | 'reconnecting';

/**
 * The session view's state, from the signaling socket's `state` frames and the peer's events:
 * - `connecting`: the socket is not authenticated yet (no state frame)
 * - `waiting`: pending; counting down to `deadline` (local clock) from `windowMs` (the whole wait)
 * - `active`: granted; `rights` are what the device grants now (it may narrow them: view only)
 * - `over`: refused, timed out, ended or failed, with the reason to show and whether to offer a retry
 * - `lost`: the server refused the socket (not this agent's session, signed out); nothing to retry here
 */
export type SessionView =
  | { phase: 'connecting'; socketDown: boolean }
  | { phase: 'waiting'; session: RemoteSession; deadline: number; windowMs: number; socketDown: boolean }
  | { phase: 'active'; session: RemoteSession; rights: RemoteRight[]; peer: PeerState; hello: DeviceHello | null; socketDown: boolean }
  | { phase: 'over'; session: RemoteSession; outcome: 'refused' | 'timed_out' | 'ended' | 'failed'; reason: string | null }
  | { phase: 'lost'; message: string };

export type SessionEvent =
  | { type: 'state'; session: RemoteSession; now: number; consentLeftMs?: number }
  | { type: 'socket_down' }
  | { type: 'socket_refused'; message: string }
  | { type: 'peer'; peer: PeerState }
  | { type: 'hello'; rights: RemoteRight[]; hello: DeviceHello }
  | { type: 'rights'; rights: RemoteRight[] }
  | { type: 'monitor'; monitor: string };

export const INITIAL_VIEW: SessionView = { phase: 'connecting', socketDown: false };

/** How long the person at the device has in all: the server's consent timeout (30 s unless it is set shorter). */
export function consentWindowMs(session: RemoteSession): number {
  const window = session.consentDeadline ? Date.parse(session.consentDeadline) - Date.parse(session.requestedAt) : Number.NaN;
  return Number.isFinite(window) && window > 0 ? Math.min(window, CONSENT_TIMEOUT_MS) : CONSENT_TIMEOUT_MS;
}

/**
 * The consent deadline on this machine's clock. Best: the time left that the server's `state` frame
 * says, counted from when it arrived (no clock is compared). Else the server's `consentDeadline`
 * (its clock), but never more than the whole wait after we first heard of it (a console clock
 * running behind the server's would otherwise show a countdown longer than the real wait).
 */
export function consentDeadline(session: RemoteSession, now: number, consentLeftMs?: number): number {
  const window = consentWindowMs(session);
  if (consentLeftMs !== undefined) return now + Math.min(consentLeftMs, window);
  const byServer = session.consentDeadline ? Date.parse(session.consentDeadline) : Date.parse(session.requestedAt) + window;
  return Math.min(Number.isFinite(byServer) ? byServer : now + window, now + window);
}

/** Whole seconds left until `deadline` (rounded up, never below 0). */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** The next view after one event. Pure: the session page feeds it socket and peer events. */
export function nextView(view: SessionView, event: SessionEvent): SessionView {
  if (view.phase === 'lost') return view;
  switch (event.type) {
    case 'socket_refused':
      return view.phase === 'over' ? view : { phase: 'lost', message: event.message };
    case 'socket_down':
      return view.phase === 'over' ? view : { ...view, socketDown: true };
    case 'state':
      return fromState(view, event.session, event.now, event.consentLeftMs);
    case 'peer':
      return view.phase === 'active' ? { ...view, peer: event.peer } : view;
    case 'hello':
      return view.phase === 'active' ? { ...view, rights: event.rights, hello: event.hello, peer: 'connected' } : view;
    case 'rights':
      return view.phase === 'active' ? { ...view, rights: event.rights } : view;
    case 'monitor':
      return view.phase === 'active' && view.hello ? { ...view, hello: { ...view.hello, monitor: event.monitor } } : view;
  }
}

function fromState(view: SessionView, session: RemoteSession, now: number, consentLeftMs: number | undefined): SessionView {
  switch (session.status) {
    case 'pending': {
      // The first frame heard sets the deadline; a repeat, heard later, does not move it.
      const same = view.phase === 'waiting' && view.session.id === session.id;
      return { phase: 'waiting', session, deadline: same ? view.deadline : consentDeadline(session, now, consentLeftMs), windowMs: consentWindowMs(session), socketDown: false };
    }
    case 'active': {
      if (view.phase === 'active' && view.session.id === session.id) {
        // A state frame repeats the granted rights; the device's own `rights` message is fresher
        // once the peer talks, so keep those.
        return { ...view, session, socketDown: false, rights: view.hello ? view.rights : session.granted };
      }
      return { phase: 'active', session, rights: session.granted, peer: 'negotiating', hello: null, socketDown: false };
    }
    default:
      return { phase: 'over', session, outcome: session.status, reason: session.reason };
  }
}

/** Whether the agent may use a capability now (the tools grey out otherwise). */
export function holds(view: SessionView, right: RemoteRight): boolean {
  return view.phase === 'active' && view.rights.includes(right);
}
