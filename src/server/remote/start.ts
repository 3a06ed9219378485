import { randomUUID } from 'node:crypto';
import type { StartRemoteSessionRequest } from '../../shared/api/remote-sessions';
import { DEVICE_ONLINE_WINDOW_MS } from '../../shared/api/devices';
import type { DeviceCapabilities } from '../../shared/device-protocol';
import type { RemoteRight } from '../../shared/domain/remote-session';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { canSeeTicket } from '../../shared/permissions';
import type { ServerContext } from '../context';
import type { DevicePresence } from '../devices/presence';
import { requirePermission } from '../http/auth-guard';
import type { SessionsAcrossInstances } from './across-instances';
import type { LiveSessions } from './live-sessions';
import { policyOfGroup } from './policy';
import type { RemoteDb, RemoteSessionRow } from './tables';

/** What each right needs the device to have said it can do. Files and chat need only the link. */
const NEEDS: Partial<Record<RemoteRight, (keyof DeviceCapabilities)[]>> = {
  view: ['screen'],
  control: ['screen', 'input'],
  shell: ['shell'],
  diagnostics: ['diagnostics'],
};

/** Why a device cannot serve a right, as a sentence, or null when it can. */
export function missingCapability(right: RemoteRight, capabilities: DeviceCapabilities): string | null {
  for (const need of NEEDS[right] ?? []) {
    const c = capabilities[need];
    if (!c.available) return `This device cannot offer the ${right} right: its ${need} is unavailable (${c.reason}). Ask without it.`;
  }
  return null;
}

/**
 * Checks an agent's request and starts the session: the role, the ticket (one they can see), the
 * device (enrolled, not revoked, connected to this instance or another), the group policy (403 naming a right it does not
 * allow) and the device's capabilities (409 naming what it lacks). Then records it and offers it.
 */
export async function startSession(
  ctx: ServerContext,
  db: RemoteDb,
  presence: DevicePresence,
  live: LiveSessions,
  across: SessionsAcrossInstances,
  actor: Actor,
  body: StartRemoteSessionRequest,
): Promise<RemoteSessionRow> {
  requirePermission(actor, 'remote.start');
  const device = await db.selectFrom('devices').select(['id', 'name', 'group_id', 'revoked_at', 'last_seen_at', 'public_key']).where('id', '=', body.deviceId).executeTakeFirst();
  if (!device) throw new TandemError('not_found', 'No such device.');
  let ticket: { id: string; number: number; subject: string } | null = null;
  if (body.ticketId) {
    const row = await db.selectFrom('tickets').select(['id', 'number', 'subject', 'requester_id', 'cc', 'group_id', 'assignee_id']).where('id', '=', body.ticketId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row || !canSeeTicket(actor, { requesterId: row.requester_id, cc: row.cc, groupId: row.group_id, assigneeId: row.assignee_id })) {
      throw new TandemError('validation_failed', 'ticketId: there is no ticket with this id that you can see. Start the session from the ticket page, or without a ticket.');
    }
    ticket = { id: row.id, number: row.number, subject: row.subject };
  }
  if (device.revoked_at) throw new TandemError('conflict', 'This device has been revoked; no session can be started on it.');

  const policy = await policyOfGroup(db, device.group_id);
  const forbidden = body.rights.filter((r) => !policy.allowedRights.includes(r));
  if (forbidden.length) {
    const names = forbidden.join(', ');
    throw new TandemError('forbidden', `The remote-access policy of this device's group does not allow the ${names} right${forbidden.length > 1 ? 's' : ''}. Ask without ${forbidden.length > 1 ? 'them' : 'it'}, or ask an admin to change the policy.`);
  }

  // The device's link may be held by this instance or, through the instance bus, by another one.
  const link = presence.get(device.id);
  const elsewhere = link ? undefined : (await presence.lookup([device.id])).get(device.id);
  if (!link && !elsewhere) {
    const recentlySeen = device.last_seen_at && ctx.clock().getTime() - device.last_seen_at.getTime() < DEVICE_ONLINE_WINDOW_MS;
    throw new TandemError('conflict', recentlySeen ? 'This device just went offline. Try again when it is connected.' : 'This device is offline. Try again when it is connected.');
  }
  const capabilities = link ? link.capabilities : (elsewhere?.capabilities ?? null);
  if (!capabilities) throw new TandemError('conflict', 'This device has not said yet what it can do. Try again in a few seconds.');
  for (const right of body.rights) {
    const missing = missingCapability(right, capabilities);
    if (missing) throw new TandemError('conflict', missing);
  }

  const agent = await db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  const row = (await db
    .insertInto('remote_sessions')
    .values({
      id: randomUUID(),
      device_id: device.id,
      ticket_id: ticket?.id ?? null,
      agent_id: actor.id,
      requested: body.rights,
      unattended: policy.unattended,
      status: 'pending',
      reason: null,
      ended_by: null,
      requested_at: ctx.clock(),
      started_at: null,
      ended_at: null,
      note_event_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()) as RemoteSessionRow;
  const offer = {
    agent: { id: agent.id, name: agent.name.slice(0, 200), email: agent.email },
    ticket: ticket ? { number: `T-${ticket.number}`, subject: ticket.subject.slice(0, 300) } : null,
    rights: body.rights,
    unattended: policy.unattended,
  };
  if (link) return live.open(row, offer, link);
  let opened = false;
  let why = 'This device just went offline. Try again when it is connected.';
  try {
    opened = await across.open(row, offer);
  } catch (err) {
    if (err instanceof TandemError) why = err.message;
  }
  const after = opened ? await db.selectFrom('remote_sessions').selectAll().where('id', '=', row.id).executeTakeFirst() : undefined;
  if (after) return after as RemoteSessionRow;
  await db.updateTable('remote_sessions').set({ status: 'failed', reason: why, ended_by: 'server', ended_at: ctx.clock() }).where('id', '=', row.id).where('status', '=', 'pending').execute();
  throw new TandemError('conflict', why);
}
