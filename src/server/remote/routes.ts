import { z } from 'zod';
import { IdParams } from '../../shared/api/users';
import { EndRemoteSessionRequest, RemoteSessionEventList, RemoteSessionEventListQuery, RemoteSessionList, RemoteSessionListQuery, StartRemoteSessionRequest } from '../../shared/api/remote-sessions';
import { CONSENT_TIMEOUT_MS, RemoteSession } from '../../shared/domain/remote-session';
import { REMOTE_SIGNAL_PATH } from '../../shared/remote/signaling';
import { TandemError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { instanceBus } from '../bus/instance-bus';
import { devicePresence } from '../devices/presence';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import { decodeTimeCursor, encodeCursor } from '../http/keyset';
import type { App } from '../http/types';
import { canRunSession, visibleSession, visibleSessions } from './access';
import { SessionsAcrossInstances } from './across-instances';
import { withConsentDeadline, withConsentDeadlines } from './consent-deadline';
import { CrashSweep } from './crash-sweep';
import { endLeftBehind } from './left-behind';
import { LiveSessions } from './live-sessions';
import { remotePolicyRoutes } from './policy-routes';
import { serveSignalSocket } from './signal-socket';
import { startSession } from './start';
import { isTerminal, remoteDb, toRemoteSession, toRemoteSessionEvent, type RemoteSessionRow } from './tables';

const tags = ['remote sessions'];

/** A record page's cursor: the last line's sequence number, opaque to clients. */
function decodeSeqCursor(cursor: string): number {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== 1 || !Number.isSafeInteger(key[0]) || (key[0] as number) < 0) {
    throw new TandemError('validation_failed', 'cursor: this cursor is not valid. Start again from the first page.');
  }
  return key[0] as number;
}

/**
 * Remote assistance: the REST API of sessions (start, list, read, record, end), the agent's
 * signaling socket, and the group policy endpoints. The WebSocket plugin is registered by app.ts.
 */
export function remoteSessionRoutes(app: App, ctx: ServerContext): LiveSessions {
  const auth = authenticate(ctx);
  const db = remoteDb(ctx.store.db);
  const presence = devicePresence(ctx);
  const bus = instanceBus(ctx);
  const live = new LiveSessions(ctx, presence, CONSENT_TIMEOUT_MS, bus.instanceId);
  // A session runs where its device is linked; the other instances reach it over the bus.
  const across = new SessionsAcrossInstances(ctx, bus, presence, live);
  // Sessions a crashed instance left open: ended at start (before the server takes requests) and then now and then.
  const sweep = new CrashSweep(ctx, db, live, bus);
  app.addHook('onReady', () => sweep.start());
  app.addHook('preClose', async () => {
    await sweep.stop();
    await live.shutdown();
  });
  remotePolicyRoutes(app, ctx);

  app.post(
    '/api/remote-sessions',
    {
      onRequest: auth,
      schema: {
        tags,
        summary: "Ask for a remote session on a device, naming the rights (agents and up). 403 when the device group's policy forbids a right; 409 when the device is offline, revoked, or cannot offer a right. The device has until the consent deadline (30 s unless the server is set otherwise; `consentDeadline`) to answer; follow it on the signaling socket.",
        body: StartRemoteSessionRequest,
        response: { 201: RemoteSession },
      },
    },
    async (request, reply) => {
      const row = await startSession(ctx, db, presence, live, across, actorOf(request), request.body);
      reply.code(201);
      return withConsentDeadline(db, live, row);
    },
  );

  app.get(
    '/api/remote-sessions',
    { onRequest: auth, schema: { tags, summary: 'Remote sessions you may see, newest first, by device or ticket (agents and up)', querystring: RemoteSessionListQuery, response: { 200: RemoteSessionList } } },
    async (request) => {
      const actor = actorOf(request);
      requirePermission(actor, 'remote.read');
      const { deviceId, ticketId, limit, cursor } = request.query;
      let query = visibleSessions(db, actor);
      if (deviceId) query = query.where('remote_sessions.device_id', '=', deviceId);
      if (ticketId) query = query.where('remote_sessions.ticket_id', '=', ticketId);
      if (cursor) {
        const after = decodeTimeCursor(cursor);
        query = query.where((eb) => eb(eb.refTuple('remote_sessions.requested_at', 'remote_sessions.id'), '<', eb.tuple(after.at, after.id)));
      }
      const rows = (await query.orderBy('remote_sessions.requested_at', 'desc').orderBy('remote_sessions.id', 'desc').limit(limit + 1).execute()) as RemoteSessionRow[];
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items: await withConsentDeadlines(db, live, items), nextCursor: rows.length > limit && last ? encodeCursor([last.requested_at.toISOString(), last.id]) : null };
    },
  );

  app.get('/api/remote-sessions/:id', { onRequest: auth, schema: { tags, summary: 'One remote session (agents and up, in scope)', params: IdParams, response: { 200: RemoteSession } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'remote.read');
    return withConsentDeadline(db, live, await visibleSession(db, actor, request.params.id));
  });

  app.get(
    '/api/remote-sessions/:id/events',
    {
      onRequest: auth,
      schema: {
        tags,
        summary: "A session's append-only record, oldest first, a page at a time (cursor from the previous page's nextCursor): requested, granted, transcript, files, ended… (agents and up, in scope)",
        params: IdParams,
        querystring: RemoteSessionEventListQuery,
        response: { 200: RemoteSessionEventList },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      requirePermission(actor, 'remote.read');
      const { limit, cursor } = request.query;
      const after = cursor ? decodeSeqCursor(cursor) : 0;
      const session = await visibleSession(db, actor, request.params.id);
      const rows = await db.selectFrom('remote_session_events').selectAll().where('session_id', '=', session.id).where('seq', '>', after).orderBy('seq').limit(limit + 1).execute();
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items: items.map(toRemoteSessionEvent), nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null };
    },
  );

  app.post(
    '/api/remote-sessions/:id/end',
    { onRequest: auth, schema: { tags, summary: 'End a session now (the agent who started it, or an admin); ending one that is over changes nothing', params: IdParams, body: EndRemoteSessionRequest, response: { 200: RemoteSession } } },
    async (request) => {
      const actor = actorOf(request);
      requirePermission(actor, 'remote.read');
      const row = await visibleSession(db, actor, request.params.id);
      if (!canRunSession(actor, row)) throw new TandemError('forbidden', 'Only the agent who started this session, or an admin, can end it.');
      if (isTerminal(row.status)) return toRemoteSession(row);
      const ended = await live.endByAgent(row.id, request.body.reason);
      if (ended) return toRemoteSession(ended);
      if (await across.end(row, request.body.reason).catch(() => false)) return toRemoteSession(await visibleSession(db, actor, row.id));
      // Run nowhere (left behind by a crash): the row still says it ended.
      const stale = await endLeftBehind(ctx, db, request.log, row.id, { status: 'ended', reason: request.body.reason || 'The agent ended the session.', endedBy: 'agent' });
      return toRemoteSession(stale ?? (await visibleSession(db, actor, row.id)));
    },
  );

  app.get(REMOTE_SIGNAL_PATH, { websocket: true, schema: { hide: true, params: z.object({ id: z.string() }) } }, (socket, request) => {
    const { id } = request.params as { id: string };
    if (!z.uuid().safeParse(id).success) {
      socket.send(JSON.stringify({ type: 'error', code: 'not_found', message: 'No such remote session.' }));
      socket.close(4403, 'Refused.');
      return;
    }
    serveSignalSocket(ctx, db, live, across, socket, id);
  });

  return live;
}
