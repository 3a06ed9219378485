import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import { OkResponse } from '../../shared/api/auth';
import { CreateTicketRequest, TicketList, TicketListQuery, TicketRefParams, UpdateTicketRequest } from '../../shared/api/tickets';
import { Ticket, type TicketEditableField } from '../../shared/domain/ticket';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { can, REQUESTER_EDITABLE_FIELDS } from '../../shared/permissions';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import type { TicketsTable } from '../store/schema';
import { assertCustomFields, mergeCustomFields } from './custom-field-values';
import { ticketEventRoutes } from './event-routes';
import { fieldChanges } from './field-changes';
import { EDITABLE_COLUMNS, toTicket } from './mapping';
import { listTickets, visibleTicketRow } from './queries';
import { assertReferencesExist, customFieldDefinitions } from './references';
import { assertRequesterStatusChange, assertStatusChangeAllowed, statusTimestamps } from './status-rules';

const tags = ['tickets'];

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

/** Tickets: list, raise, read, edit, delete; their events are in event-routes.ts. */
export function ticketRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;

  app.get('/api/tickets', { preHandler: auth, schema: { tags, summary: 'Tickets you can see, newest first, keyset-paginated', querystring: TicketListQuery, response: { 200: TicketList } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'tickets.read');
    return listTickets(db, actor, request.query);
  });

  app.post('/api/tickets', { preHandler: auth, schema: { tags, summary: 'Raise a ticket (agents and up may raise it for someone else)', body: CreateTicketRequest, response: { 201: Ticket } } }, async (request, reply) => {
    const actor = actorOf(request);
    requirePermission(actor, 'tickets.create');
    const b = request.body;
    if (!can(actor.role, 'tickets.edit')) assertEndUserCreate(actor, b);
    const requesterId = b.requesterId ?? actor.id;
    await assertReferencesExist(db, { requesterId: requesterId === actor.id ? undefined : requesterId, cc: b.cc, assigneeId: b.assigneeId, groupId: b.groupId, deviceId: b.deviceId }, null);
    assertCustomFields(await customFieldDefinitions(db), b.customFields, 'create');
    const now = ctx.clock();
    const row = await db
      .insertInto('tickets')
      .values({
        id: randomUUID(),
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
    reply.code(201);
    return toTicket(row);
  });

  app.get('/api/tickets/:ref', { preHandler: auth, schema: { tags, summary: 'One ticket by id or number (T-1042)', params: TicketRefParams, response: { 200: Ticket } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'tickets.read');
    return toTicket(await visibleTicketRow(db, actor, request.params.ref));
  });

  app.patch('/api/tickets/:ref', { preHandler: auth, schema: { tags, summary: 'Change fields; recorded as one field_change event', params: TicketRefParams, body: UpdateTicketRequest, response: { 200: Ticket } } }, async (request) => {
    const actor = actorOf(request);
    const staff = can(actor.role, 'tickets.edit');
    if (!staff) requirePermission(actor, 'tickets.edit_own_status');
    const body = request.body;
    const defs = body.customFields ? await customFieldDefinitions(db) : [];
    const row = await db.transaction().execute(async (trx) => {
      const current = toTicket(await visibleTicketRow(trx, actor, request.params.ref, true));
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
      await assertReferencesExist(trx, changed, current.id);

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
    return toTicket(row ?? (await visibleTicketRow(db, actor, request.params.ref)));
  });

  app.delete('/api/tickets/:ref', { preHandler: auth, schema: { tags, summary: 'Delete a ticket (supervisor, admin); it leaves a tombstone for sync', params: TicketRefParams, response: { 200: OkResponse } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'tickets.delete');
    const row = await visibleTicketRow(db, actor, request.params.ref);
    const now = ctx.clock();
    await db.updateTable('tickets').set({ deleted_at: now, updated_at: now }).where('id', '=', row.id).execute();
    return { ok: true as const };
  });

  ticketEventRoutes(app, ctx);
}
