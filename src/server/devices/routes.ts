import { DEVICE_ONLINE_WINDOW_MS, DeviceListQuery, UpdateDeviceRequest } from '../../shared/api/devices';
import { IdParams } from '../../shared/api/users';
import { DeviceWithPresence } from '../../shared/api/device-enrollment';
import { DEVICE_CLOSE } from '../../shared/device-protocol';
import { page } from '../../shared/domain/common';
import { Device } from '../../shared/domain/device';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { can } from '../../shared/permissions';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import { decodeTextCursor, encodeCursor, likePattern } from '../http/keyset';
import type { App } from '../http/types';
import { toDevice } from './devices';
import { devicePresence } from './presence';

const tags = ['devices'];
const notFound = () => new TandemError('not_found', 'No such device, or it is not yours to see.');

/** Agents and up see every device; anyone else only the devices they own. */
const seesAllDevices = (actor: Actor) => can(actor.role, 'devices.read');

export function deviceRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;
  const presence = devicePresence(ctx);
  /** Devices with whether they are connected now, to this server instance or another on the database. */
  const withPresence = async (devices: Device[]): Promise<DeviceWithPresence[]> => {
    const links = await presence.lookup(devices.map((d) => d.id));
    return devices.map((device) => {
      const link = links.get(device.id);
      return { ...device, online: Boolean(link), capabilities: link?.capabilities ?? null, agent: link?.agent ?? null };
    });
  };

  app.get(
    '/api/devices',
    {
      onRequest: auth,
      schema: {
        tags,
        summary: 'List devices by name (agents and up: all; end users: always only the devices they own; mine=true: only your own, for anyone)',
        querystring: DeviceListQuery,
        response: { 200: page(DeviceWithPresence) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { groupId, ownerId, q, online, revoked, mine, limit, cursor } = request.query;
      let query = db.selectFrom('devices').selectAll();
      // End users are scoped rather than refused, so the tray and portal can show "my devices"
      // through the same endpoint as the console.
      if (mine === 'true' || !seesAllDevices(actor)) query = query.where('owner_id', '=', actor.id);
      if (ownerId) query = query.where('owner_id', '=', ownerId);
      if (groupId) query = query.where('group_id', '=', groupId);
      if (q) {
        const like = likePattern(q);
        query = query.where((eb) => eb.or([eb('name', 'ilike', like), eb('hostname', 'ilike', like)]));
      }
      if (revoked) query = query.where('revoked_at', revoked === 'true' ? 'is not' : 'is', null);
      if (online) {
        const since = new Date(ctx.clock().getTime() - DEVICE_ONLINE_WINDOW_MS);
        query =
          online === 'true'
            ? query.where('last_seen_at', '>=', since)
            : query.where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', since)]));
      }
      if (cursor) {
        const after = decodeTextCursor(cursor);
        query = query.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(after.text, after.id)));
      }
      const rows = await query.orderBy('name').orderBy('id').limit(limit + 1).execute();
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items: await withPresence(items.map(toDevice)), nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null };
    },
  );

  app.get('/api/devices/:id', { onRequest: auth, schema: { tags, summary: 'One device (agents and up, or its owner), with whether it is connected now', params: IdParams, response: { 200: DeviceWithPresence } } }, async (request) => {
    const actor = actorOf(request);
    const row = await db.selectFrom('devices').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!row || (!seesAllDevices(actor) && row.owner_id !== actor.id)) throw notFound();
    return (await withPresence([toDevice(row)]))[0]!;
  });

  app.patch('/api/devices/:id', { onRequest: auth, schema: { tags, summary: 'Rename a device or change its owner or group (admin)', params: IdParams, body: UpdateDeviceRequest, response: { 200: Device } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'devices.manage');
    const body = request.body;
    if (body.ownerId) {
      const owner = await db.selectFrom('users').select('id').where('id', '=', body.ownerId).executeTakeFirst();
      if (!owner) throw new TandemError('validation_failed', 'ownerId: no user has this id. Pick an existing user, or null for none.');
    }
    if (body.groupId) {
      const group = await db.selectFrom('groups').select('id').where('id', '=', body.groupId).executeTakeFirst();
      if (!group) throw new TandemError('validation_failed', 'groupId: no group has this id. Pick an existing group, or null for none.');
    }
    const now = ctx.clock();
    const row = await db
      .updateTable('devices')
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.ownerId !== undefined ? { owner_id: body.ownerId } : {}),
        ...(body.groupId !== undefined ? { group_id: body.groupId } : {}),
        updated_at: now,
      })
      .where('id', '=', request.params.id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound();
    await audit(db, now, { action: 'device.updated', actorId: actor.id, address: request.ip, target: row.id, detail: { fields: Object.keys(body) } });
    return toDevice(row);
  });

  app.post('/api/devices/:id/revoke', { onRequest: auth, schema: { tags, summary: 'Revoke a device so it can no longer connect (admin); revoking again changes nothing', params: IdParams, response: { 200: Device } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'devices.manage');
    const { id } = request.params;
    const now = ctx.clock();
    // Only a live device changes, so a second revoke keeps the first time and writes no audit line.
    const revoked = await db.updateTable('devices').set({ revoked_at: now, updated_at: now }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
    if (revoked) {
      // A revoked device is cut off at once, not at its next heartbeat.
      presence.disconnect(id, DEVICE_CLOSE.refused, 'This device has been revoked.');
      await audit(db, now, { action: 'device.revoked', actorId: actor.id, address: request.ip, target: id });
      return toDevice(revoked);
    }
    const row = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return toDevice(row);
  });
}
