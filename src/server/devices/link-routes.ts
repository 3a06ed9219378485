import { z } from 'zod';
import { IdParams } from '../../shared/api/users';
import { DEVICE_CLOSE, DEVICE_CONNECT_PATH } from '../../shared/device-protocol';
import { DiagnosticsSnapshot } from '../../shared/domain/diagnostics';
import { TandemError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import { DEFAULT_LINK_TIMINGS, serveDeviceLink, type DeviceLinkTimings } from './connect';
import { instanceBus } from '../bus/instance-bus';
import { devicePresence } from './presence';
import { SharedPresence } from './shared-presence';

const tags = ['devices'];
/** How long an agent's diagnostics request waits for the device. */
export const DIAGNOSTICS_TIMEOUT_MS = 20_000;

/**
 * The device link (WebSocket) and the requests agents make through it. The app registers the
 * WebSocket plugin and starts the instance bus first (see app.ts): a `websocket: true` route needs
 * the plugin loaded, and presence is shared over the bus.
 */
export function deviceLinkRoutes(app: App, ctx: ServerContext, timings: Partial<DeviceLinkTimings> = {}): void {
  const auth = authenticate(ctx);
  const presence = devicePresence(ctx);
  // Links are mirrored for the other instances on the database (the app started the bus).
  const shared = new SharedPresence(ctx.store, instanceBus(ctx), presence, ctx.log);
  shared.start();
  presence.share(shared);
  const linkTimings = { ...DEFAULT_LINK_TIMINGS, ...timings };
  app.addHook('preClose', async () => presence.closeAll(DEVICE_CLOSE.shutdown, 'Server shutting down.'));

  app.get(DEVICE_CONNECT_PATH, { websocket: true, schema: { hide: true } }, (socket, request) =>
    serveDeviceLink(ctx, presence, socket, request.ip, linkTimings),
  );

  app.post(
    '/api/devices/:id/diagnostics',
    {
      onRequest: auth,
      schema: {
        tags,
        summary: 'Ask a connected device for a diagnostics snapshot now (agents and up); 409 when offline, 504 when it does not answer within timeoutMs (default 20 s)',
        params: IdParams,
        body: z.strictObject({ timeoutMs: z.number().int().min(500).max(120_000).optional() }).optional(),
        response: { 200: DiagnosticsSnapshot },
      },
    },
    async (request) => {
      requirePermission(actorOf(request), 'devices.read');
      const row = await ctx.store.db.selectFrom('devices').select(['id', 'revoked_at']).where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw new TandemError('not_found', 'No such device, or it is not yours to see.');
      if (row.revoked_at) throw new TandemError('conflict', 'This device has been revoked; it cannot be asked anything.');
      return presence.ask(row.id, 'diagnostics.request', {}, request.body?.timeoutMs ?? DIAGNOSTICS_TIMEOUT_MS);
    },
  );
}
