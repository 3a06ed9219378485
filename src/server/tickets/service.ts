import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { CreateTicketRequest, UpdateTicketRequest } from '../../shared/api/tickets';
import type { Ticket, TicketEditableField } from '../../shared/domain/ticket';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { can, REQUESTER_EDITABLE_FIELDS } from '../../shared/permissions';
import type { ServerContext } from '../context';
import { requirePermission } from '../http/auth-guard';
import type { TicketRow, TicketsTable } from '../store/schema';
import { assertCustomFields, mergeCustomFields } from './custom-field-values';
import { fieldChanges } from './field-changes';
import { EDITABLE_COLUMNS, toTicket } from './mapping';
import { visibleTicketRow } from './queries';
import { assertReferencesExist, customFieldDefinitions } from './references';
import { assertRequesterStatusChange, assertStatusChangeAllowed, statusTimestamps } from './status-rules';

/**
 * Ticket writes, shared by the REST API and sync pushes so both enforce the same rules.
 */

/** End users raise tickets for themselves; routing and priority are the help desk's to set. */
function assertEndUserCreate(actor: Actor, body: CreateTicketRequest): void {
  const refused = [
    body.requesterId !== undefined && body.requesterId !== actor.id ? 'requesterId' : null,
    body.assigneeId !== undefined ? 'assigneeId' : null,
    body.groupId !== undefined ? 'groupId' : null,
    body.priority !== undefined ? 'priority' : null,
  ].filter((f) => f !== null);
  if (refused.length) {
    throw new TandemError('forbidden', `Only the help desk team can set ${refused.join(', ')}. Leave ${refused.length > 1 ? 'them' : 'it'} out and try again.`);
  }
}

/** Raises a ticket; end users only for themselves, without routing or priority. */
export async function createTicket(ctx: ServerContext, actor: Actor, b: CreateTicketRequest, options: { id?: string } = {}): Promise<TicketRow> {
  const db = ctx.store.db;
  requirePermission(actor, 'tickets.create');
    if (!can(actor.role, 'tickets.edit')) assertEndUserCreate(actor, b);
    // Someone who sees only their own devices may name only those; another person's device gets
    // the same answer as one that does not exist, so ids cannot be probed.
    if (b.deviceId && !can(actor.role, 'devices.read')) {
      const own = await db.selectFrom('devices').select('id').where('id', '=', b.deviceId).where('owner_id', '=', actor.id).executeTakeFirst();
      if (!own) throw new TandemError('validation_failed', 'deviceId: there is no such device.');
    }
    const requesterId = b.requesterId ?? actor.id;
    await assertReferencesExist(db, { requesterId: requesterId === actor.id ? undefined : requesterId, cc: b.cc, assigneeId: b.assigneeId, groupId: b.groupId, deviceId: b.deviceId }, null);
    assertCustomFields(await customFieldDefinitions(db), b.customFields, 'create', b.type);
    const now = ctx.clock();
    const row = await db
      .insertInto('tickets')
      .values({
        id: options.id ?? randomUUID(),
        subject: b.subject,
        description: b.description,
        requester_id: requesterId,
        cc: [...new Set(b.cc)],
        assignee_id: b.assigneeId ?? null,
        group_id: b.groupId ?? null,
        status: 'new',
        priority: b.priority ?? 'P3',
        type: b.type,
        category: b.category,
        tags: [...new Set(b.tags)],
        custom_fields: JSON.stringify(mergeCustomFields({}, b.customFields)),
        channel: b.channel,
        device_id: b.deviceId,
        parent_id: null,
        linked_ids: [],
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return row;
}

/** Changes a ticket's fields, recorded as one field_change event; an edit that changes nothing writes nothing. */
export async function updateTicket(ctx: ServerContext, actor: Actor, ref: string, body: UpdateTicketRequest): Promise<TicketRow> {
  const db = ctx.store.db;
    const staff = can(actor.role, 'tickets.edit');
    if (!staff) requirePermission(actor, 'tickets.edit_own_status');
    const defs = body.customFields ? await customFieldDefinitions(db) : [];
    const row = await db.transaction().execute(async (trx) => {
      const current = toTicket(await visibleTicketRow(trx, actor, ref, true));
      if (!staff) {
        if (current.requesterId !== actor.id) throw new TandemError('forbidden', 'Only the person who raised this ticket can change it. Reply to it instead.');
        const others = Object.keys(body).filter((k) => !(REQUESTER_EDITABLE_FIELDS as readonly string[]).includes(k));
        if (others.length) throw new TandemError('forbidden', `You can change only the status and cc of your ticket, not ${others.join(', ')}.`);
      }
      if (body.status !== undefined && body.status !== current.status) {
        if (staff) assertStatusChangeAllowed(current.status, body.status);
        else assertRequesterStatusChange(current.status, body.status);
      }
      const next: Partial<Pick<Ticket, TicketEditableField>> = { ...body };
      if (body.cc) next.cc = [...new Set(body.cc)];
      if (body.tags) next.tags = [...new Set(body.tags)];
      if (body.linkedIds) next.linkedIds = [...new Set(body.linkedIds)];
      if (body.customFields) {
        assertCustomFields(defs, body.customFields, 'edit');
        next.customFields = mergeCustomFields(current.customFields, body.customFields);
      }
      const changes = fieldChanges(current, next);
      if (changes.length === 0) return null;
      const changed = Object.fromEntries(changes.map((c) => [c.field, c.to])) as Partial<Pick<Ticket, TicketEditableField>>;
      // Only what changes is checked, so an edit never fails on a reference that was already there.
      await assertReferencesExist(trx, changed, current.id, actor);

      const now = ctx.clock();
      const set: Updateable<TicketsTable> = { updated_at: now };
      for (const c of changes) {
        const column = EDITABLE_COLUMNS[c.field as TicketEditableField];
        (set as Record<string, unknown>)[column] = column === 'custom_fields' ? JSON.stringify(c.to) : c.to;
      }
      if (changed.status) {
        const stamps = statusTimestamps(changed.status, now, { resolvedAt: current.resolvedAt ? new Date(current.resolvedAt) : null });
        set.resolved_at = stamps.resolvedAt;
        set.closed_at = stamps.closedAt;
      }
      const updated = await trx.updateTable('tickets').set(set).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await trx
        .insertInto('ticket_events')
        .values({
          id: randomUUID(),
          ticket_id: current.id,
          kind: 'field_change',
          // The requester follows status; routing and triage stay internal.
          public: changed.status !== undefined,
          author_id: actor.id,
          body: null,
          changes: JSON.stringify(changes),
          attachment_ids: [],
          created_at: now,
        })
        .execute();
      return updated;
    });
    return row ?? (await visibleTicketRow(db, actor, ref));
}

/** Soft-deletes a ticket (supervisors and admins); it stays as a tombstone for sync. */
export async function deleteTicket(ctx: ServerContext, actor: Actor, ref: string): Promise<void> {
  const db = ctx.store.db;
    requirePermission(actor, 'tickets.delete');
    const row = await visibleTicketRow(db, actor, ref);
    const now = ctx.clock();
    await db.updateTable('tickets').set({ deleted_at: now, updated_at: now }).where('id', '=', row.id).execute();
}
