import type { CustomFieldDefinition, Ticket, TicketEditableField, TicketEvent } from '../../shared/domain/ticket';
import type { Actor } from '../../shared/domain/user';
import { can } from '../../shared/permissions';
import type { CustomFieldRow, TicketEventRow, TicketRow, TicketsTable } from '../store/schema';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Maps a ticket row to the API's Ticket. */
export function toTicket(r: TicketRow): Ticket {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    description: r.description,
    requesterId: r.requester_id,
    cc: r.cc,
    assigneeId: r.assignee_id,
    groupId: r.group_id,
    status: r.status as Ticket['status'],
    priority: r.priority as Ticket['priority'],
    type: r.type as Ticket['type'],
    category: r.category,
    tags: r.tags,
    customFields: r.custom_fields,
    channel: r.channel as Ticket['channel'],
    deviceId: r.device_id,
    parentId: r.parent_id,
    linkedIds: r.linked_ids,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
  };
}

/** Column of each editable field. */
export const EDITABLE_COLUMNS = {
  subject: 'subject',
  description: 'description',
  cc: 'cc',
  assigneeId: 'assignee_id',
  groupId: 'group_id',
  status: 'status',
  priority: 'priority',
  type: 'type',
  category: 'category',
  tags: 'tags',
  customFields: 'custom_fields',
  deviceId: 'device_id',
  parentId: 'parent_id',
  linkedIds: 'linked_ids',
} as const satisfies Record<TicketEditableField, keyof TicketsTable>;

/** Maps an event row to the API's TicketEvent. */
export function toTicketEvent(r: TicketEventRow): TicketEvent {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    kind: r.kind as TicketEvent['kind'],
    public: r.public,
    authorId: r.author_id,
    body: r.body,
    changes: (r.changes as TicketEvent['changes']) ?? null,
    attachmentIds: r.attachment_ids,
    createdAt: r.created_at.toISOString(),
    ...(r.score !== null && r.score !== undefined ? { score: r.score } : {}),
  };
}

/**
 * The event as this actor may see it, or null when they may not. A public field change is public
 * because its status changed; people without internal access see only that status change, never
 * the other fields changed in the same edit (assignee, priority, custom fields…).
 */
export function eventForActor(actor: Actor, event: TicketEvent): TicketEvent | null {
  if (can(actor.role, 'tickets.read_internal')) return event;
  if (!event.public) return null;
  if (event.kind !== 'field_change') return event;
  const changes = (event.changes ?? []).filter((c) => c.field === 'status');
  return changes.length ? { ...event, changes } : null;
}

/** Maps a custom field row to its definition. */
export function toCustomField(r: CustomFieldRow): CustomFieldDefinition {
  return {
    key: r.key,
    label: r.label,
    type: r.type as CustomFieldDefinition['type'],
    options: r.options,
    required: r.required,
    ticketTypes: r.ticket_types as CustomFieldDefinition['ticketTypes'],
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
