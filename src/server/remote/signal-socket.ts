import type { WebSocket } from 'ws';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { AgentSignalClientFrame, REMOTE_SIGNAL_CLOSE, REMOTE_SIGNAL_MAX_BYTES, type AgentSignalServerFrame } from '../../shared/remote/signaling';
import type { ServerContext } from '../context';
import { actorFromAccessToken } from '../http/auth-guard';
import { canRunSession, canSeeSession } from './access';
import type { RemoteFollow, SessionsAcrossInstances } from './across-instances';
import type { AgentAttachment, LiveSessions } from './live-sessions';
import { isTerminal, type RemoteDb, type RemoteSessionRow } from './tables';

const AUTH_TIMEOUT_MS = 10_000;
/** A token that expires is given this long to be replaced by a refreshed one before the socket closes. */
const EXPIRY_GRACE_MS = 60_000;
/** Close code when the token ran out: sign in again (or refresh) and reconnect. */
const CLOSE_UNAUTHENTICATED = 4401;
/** Frames an agent may send per second before the extra ones are dropped (a storm of candidates is ~50). */
const MAX_FRAMES_PER_SECOND = 200;

/**
 * The agent's leg of a session's signaling: `auth` first (the access token; again after each
 * refresh), then `state` frames as the session changes and `signal` frames relayed both ways
 * while it is active. Only the agent who started the session, or an admin, may follow it. A bad
 * frame gets an `error` frame and is dropped; the socket stays open.
 */
export function serveSignalSocket(ctx: ServerContext, db: RemoteDb, live: LiveSessions, across: SessionsAcrossInstances, socket: WebSocket, sessionId: string): void {
  const log = ctx.log.child({ module: 'remote-signal', sessionId });
  let actor: Actor | null = null;
  let attachment: AgentAttachment | null = null;
  /** Set when the session runs on another instance and this socket follows it over the bus. */
  let follow: RemoteFollow | null = null;
  let expiry: NodeJS.Timeout | undefined;
  let windowStart = Date.now();
  let framesInWindow = 0;

  const send = (frame: AgentSignalServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const close = (code: number, reason: string) => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
  };
  const error = (code: string, message: string) => send({ type: 'error', code, message });
  const refuse = (message: string) => {
    error('refused', message);
    close(REMOTE_SIGNAL_CLOSE.refused, 'Refused.');
  };
  const authTimer = setTimeout(() => close(REMOTE_SIGNAL_CLOSE.timeout, 'No auth frame.'), AUTH_TIMEOUT_MS);

  const authenticate = async (token: string) => {
    const verified = await actorFromAccessToken(ctx, token);
    if (actor && verified.actor.id !== actor.id) throw new TandemError('forbidden', 'A signaling socket cannot change user.');
    clearTimeout(expiry);
    expiry = setTimeout(() => close(CLOSE_UNAUTHENTICATED, 'Access token expired.'), Math.max(0, verified.expiresAt - ctx.clock().getTime()) + EXPIRY_GRACE_MS);
    if (actor) {
      actor = verified.actor;
      return;
    }
    clearTimeout(authTimer);
    const row = (await db.selectFrom('remote_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst()) as RemoteSessionRow | undefined;
    if (!row || !(await canSeeSession(db, verified.actor, row))) return refuse('No such remote session, or it is not yours to see.');
    if (!canRunSession(verified.actor, row)) return refuse('Only the agent who started this session (or an admin) can follow it.');
    if (socket.readyState !== socket.OPEN) return;
    actor = verified.actor;
    const mine: AgentAttachment = { actorId: actor.id, send, close };
    if (live.attachAgent(sessionId, mine)) {
      attachment = mine;
      return;
    }
    // Not run here: over already, run by the instance holding the device's link, or left behind by a crash.
    if (!isTerminal(row.status)) {
      follow = await across.follow(row, mine);
      if (follow) {
        attachment = mine;
        if (socket.readyState !== socket.OPEN) follow.detach();
        return;
      }
    }
    send(live.stateFrame(row));
    if (isTerminal(row.status)) return close(REMOTE_SIGNAL_CLOSE.ended, 'Session over.');
    refuse('No server instance runs this session any more (its device went away or a server restarted). End it and start a new one.');
  };

  socket.on('message', (data, isBinary) => {
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      framesInWindow = 0;
    }
    if (++framesInWindow > MAX_FRAMES_PER_SECOND) {
      if (framesInWindow === MAX_FRAMES_PER_SECOND + 1) error('too_many', 'Too many frames; some were dropped.');
      return;
    }
    const raw = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary || raw.length > REMOTE_SIGNAL_MAX_BYTES) return error('bad_frame', `Frames are JSON text of at most ${REMOTE_SIGNAL_MAX_BYTES / 1024} KiB.`);
    let frame: AgentSignalClientFrame;
    try {
      frame = AgentSignalClientFrame.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      log.debug('malformed signaling frame dropped');
      return error('bad_frame', 'Unknown or malformed frame; it was dropped.');
    }
    if (frame.type === 'auth') {
      authenticate(frame.accessToken).catch((err: unknown) => {
        error(err instanceof TandemError ? err.code : 'unauthenticated', err instanceof Error ? err.message : 'Sign in again.');
        close(actor ? CLOSE_UNAUTHENTICATED : REMOTE_SIGNAL_CLOSE.refused, 'Authentication failed.');
      });
      return;
    }
    if (!attachment) return error('unauthenticated', 'Send an auth frame with your access token first.');
    if (follow) {
      if (frame.type === 'end') follow.end(frame.reason);
      else follow.relay(frame.attempt, frame.signal);
      return;
    }
    if (frame.type === 'end') {
      void live.endByAgent(sessionId, frame.reason).catch((err: unknown) => log.error({ err }, 'ending a session from its socket failed'));
      return;
    }
    const refusal = live.relayFromAgent(sessionId, attachment, frame.attempt, frame.signal);
    if (refusal) error('not_relayed', refusal);
  });

  socket.on('close', () => {
    clearTimeout(authTimer);
    clearTimeout(expiry);
    if (follow) follow.detach();
    else if (attachment) live.detachAgent(sessionId, attachment);
  });
  socket.on('error', () => socket.terminate());
}
