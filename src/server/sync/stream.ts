import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { StreamClientMessage, type StreamServerMessage } from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import { actorFromAccessToken, liveActor } from '../http/auth-guard';
import type { ChangeFeed, Subscriber } from './feed';
import type { TicketPresence } from './presence';

const AUTH_TIMEOUT_MS = 10_000;
/** How long a connection may run on an expired token before it is closed. */
const EXPIRY_GRACE_MS = 60_000;
/** How often each connection's session is re-checked (revocation, deactivation). */
const SESSION_CHECK_MS = 30_000;
/** A client this far behind is dropped; it reconnects and resyncs. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const MAX_MESSAGE_BYTES = 16 * 1024;

/** Close codes a client acts on: 4401 means sign in again (or refresh), 4408 means reconnect. */
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_TOO_SLOW = 4408;

/**
 * One live replication stream: authenticate with the first message, then receive the changes the
 * user may see. A refreshed access token is sent as another `auth` message, so replication keeps
 * running across refreshes; an expired or revoked session closes the stream.
 */
export function serveStream(ctx: ServerContext, feed: ChangeFeed, socket: WebSocket, _request: FastifyRequest, presence?: TicketPresence): void {
  let subscriber: (Subscriber & { sessionId: string }) | null = null;
  const timers: { expiry?: NodeJS.Timeout; grace?: NodeJS.Timeout; check?: NodeJS.Timeout } = {};
  const sendText = (text: string) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(CLOSE_TOO_SLOW, 'Too far behind; reconnect and resync.');
      return;
    }
    socket.send(text);
  };
  const send = (message: StreamServerMessage) => sendText(JSON.stringify(message));
  const close = (code: number, reason: string) => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
  };
  const authTimeout = setTimeout(() => close(CLOSE_UNAUTHENTICATED, 'No auth message.'), AUTH_TIMEOUT_MS);

  const scheduleExpiry = (expiresAt: number) => {
    clearTimeout(timers.expiry);
    clearTimeout(timers.grace);
    const inMs = Math.max(0, expiresAt - ctx.clock().getTime());
    timers.expiry = setTimeout(() => send({ type: 'auth_expired' }), inMs);
    timers.grace = setTimeout(() => close(CLOSE_UNAUTHENTICATED, 'Access token expired.'), inMs + EXPIRY_GRACE_MS);
  };

  const authenticateWith = async (token: string) => {
    const { actor, sessionId, expiresAt } = await actorFromAccessToken(ctx, token);
    if (subscriber && subscriber.actor.id !== actor.id) throw new TandemError('forbidden', 'A stream cannot change user.');
    scheduleExpiry(expiresAt);
    if (subscriber) {
      subscriber.actor = actor;
      subscriber.sessionId = sessionId;
      return;
    }
    clearTimeout(authTimeout);
    const s: Subscriber & { sessionId: string } = {
      actor,
      sessionId,
      send,
      sendText,
      refreshActor: async () => {
        s.actor = await liveActor(ctx, s.actor.id, s.sessionId);
      },
    };
    subscriber = s;
    feed.add(s);
    timers.check = setInterval(() => {
      liveActor(ctx, s.actor.id, s.sessionId).then(
        (a: Actor) => (s.actor = a),
        (err: unknown) => {
          send({ type: 'error', code: 'unauthenticated', message: err instanceof Error ? err.message : 'Signed out.' });
          close(CLOSE_UNAUTHENTICATED, 'Session ended.');
        },
      );
    }, SESSION_CHECK_MS);
    send({ type: 'ready' });
  };

  socket.on('message', (data, isBinary) => {
    const raw = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    if (isBinary || raw.length > MAX_MESSAGE_BYTES) {
      send({ type: 'error', code: 'bad_request', message: 'Messages are JSON text of at most 16 KiB.' });
      return;
    }
    let parsed: StreamClientMessage;
    try {
      parsed = StreamClientMessage.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      send({ type: 'error', code: 'bad_request', message: 'Unknown or malformed message.' });
      return;
    }
    if (parsed.type === 'viewing') {
      if (!subscriber) {
        send({ type: 'error', code: 'unauthenticated', message: 'Send an auth message first.' });
        return;
      }
      // A refused announcement (not staff, a ticket they may not see or one not yet synced) is
      // dropped without an answer: it must not read as a sync error, nor confirm a ticket exists.
      presence?.view(subscriber, parsed.ticketId).catch((err: unknown) => {
        if (!(err instanceof TandemError)) ctx.log.warn({ err }, 'presence update failed');
      });
      return;
    }
    authenticateWith(parsed.accessToken).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : 'Sign in again.';
      send({ type: 'error', code: err instanceof TandemError ? err.code : 'unauthenticated', message });
      close(CLOSE_UNAUTHENTICATED, 'Authentication failed.');
    });
  });

  socket.on('close', () => {
    clearTimeout(authTimeout);
    clearTimeout(timers.expiry);
    clearTimeout(timers.grace);
    clearInterval(timers.check);
    if (subscriber) {
      feed.remove(subscriber);
      void presence?.leave(subscriber).catch(() => undefined);
    }
  });
  socket.on('error', () => socket.terminate());
}
