import { Readable } from 'node:stream';
import { z } from 'zod';
import { Checkpoint, PullQuery, PullResponse, PushRequest, PushResponse, SNAPSHOT_CONTENT_TYPE, SnapshotQuery, SyncCollection } from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import { instanceBus } from '../bus/instance-bus';
import { actorOf, authenticate } from '../http/auth-guard';
import type { App } from '../http/types';
import { ChangeFeed } from './feed';
import { pull } from './pull';
import { push } from './push';
import { snapshotLines } from './snapshot';
import { TicketPresence } from './presence';
import { serveStream } from './stream';

const tags = ['sync'];
const CollectionParams = z.strictObject({ collection: SyncCollection });

/** Replication endpoints (pull, push, live stream) for the clients' RxDB databases. */
export async function syncRoutes(app: App, ctx: ServerContext): Promise<ChangeFeed> {
  const auth = authenticate(ctx);
  const feed = new ChangeFeed(ctx.store, ctx.log);
  const presence = new TicketPresence(ctx.store.db, instanceBus(ctx), ctx.log);
  app.addHook('onReady', async () => {
    await feed.start();
    // The app started the instance bus before it became ready.
    presence.start();
  });
  app.addHook('preClose', () => feed.stop());

  app.get(
    '/api/sync/:collection/pull',
    {
      onRequest: auth,
      schema: {
        tags,
        summary: 'Changes of one collection after a checkpoint, as this user may see them',
        params: CollectionParams,
        querystring: PullQuery,
        response: { 200: PullResponse },
      },
    },
    async (request, reply) => {
      const { rev, id, scanRev, scanId, limit } = request.query;
      const after =
        rev === undefined
          ? null
          : Checkpoint.parse({ rev, id: id ?? '', ...(scanRev !== undefined ? { scan: { rev: scanRev, id: scanId ?? '' } } : {}) });
      const page = await pull(ctx.store.db, actorOf(request), request.params.collection, after, limit);
      // Pages are large and built from stored rows the server already trusts: serialize directly
      // rather than re-validating thousands of documents against the response schema.
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(page) as never);
    },
  );

  app.get(
    '/api/sync/:collection/snapshot',
    {
      onRequest: auth,
      schema: {
        tags,
        summary: 'A fresh client\'s first sync: every document of the collection this user may see, as NDJSON, ending with the checkpoint to replicate from',
        params: CollectionParams,
        querystring: SnapshotQuery,
      },
    },
    async (request, reply) => {
      const lines = snapshotLines(ctx.store.db, actorOf(request), request.params.collection, request.query.pageSize);
      // Pages are made as the client reads them: a slow client holds two pages here, not all.
      return reply.type(`${SNAPSHOT_CONTENT_TYPE}; charset=utf-8`).send(Readable.from(lines, { objectMode: false, highWaterMark: 2 }));
    },
  );

  app.post(
    '/api/sync/:collection/push',
    {
      onRequest: auth,
      schema: {
        tags,
        summary: 'Write local changes; answers the master state of documents not taken as sent, and why',
        params: CollectionParams,
        body: PushRequest,
        response: { 200: PushResponse },
      },
    },
    async (request) => push(ctx, actorOf(request), request.params.collection, request.body.rows),
  );

  app.get('/api/sync/stream', { websocket: true, schema: { hide: true } }, (socket, request) => serveStream(ctx, feed, socket, request, presence));
  return feed;
}
