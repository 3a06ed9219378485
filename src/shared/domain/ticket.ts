import { z } from 'zod';
import { Id, Tag, Timestamp } from './common';

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const TICKET_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const TicketPriority = z.enum(TICKET_PRIORITIES);
export type TicketPriority = z.infer<typeof TicketPriority>;

export const TICKET_TYPES = ['incident', 'service_request', 'problem', 'change', 'question'] as const;
export const TicketType = z.enum(TICKET_TYPES);
export type TicketType = z.infer<typeof TicketType>;

export const TICKET_CHANNELS = ['console', 'portal', 'tray', 'email', 'api', 'phone'] as const;
export const TicketChannel = z.enum(TICKET_CHANNELS);
export type TicketChannel = z.infer<typeof TicketChannel>;

export const CustomFieldValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);
export const CustomFieldValues = z.record(
  z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  CustomFieldValue,
);
export type CustomFieldValues = z.infer<typeof CustomFieldValues>;

/** Human ticket numbers look like T-1042; the number is assigned by the server. */
export const formatTicketNumber = (n: number): string => `T-${n}`;
/** Parses `T-1042` (or `1042`) into 1042; null when it is not a ticket number. */
export const parseTicketNumber = (s: string): number | null => {
  const m = /^(?:T-)?(\d{1,9})$/i.exec(s.trim());
  return m ? Number(m[1]) : null;
};

export const Ticket = z.object({
  id: Id,
  number: z.number().int().positive(),
  subject: z.string().min(1).max(250),
  description: z.string().max(20_000),
  requesterId: Id,
  cc: z.array(Id).max(50),
  assigneeId: Id.nullable(),
  groupId: Id.nullable(),
  status: TicketStatus,
  priority: TicketPriority,
  type: TicketType,
  category: z.string().max(80).nullable(),
  tags: z.array(Tag).max(30),
  customFields: CustomFieldValues,
  channel: TicketChannel,
  deviceId: Id.nullable(),
  parentId: Id.nullable(),
  linkedIds: z.array(Id).max(50),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  resolvedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
});
export type Ticket = z.infer<typeof Ticket>;

/** Fields anyone allowed to edit a ticket may change; the rest are the server's. */
export const TICKET_EDITABLE_FIELDS = [
  'subject',
  'description',
  'cc',
  'assigneeId',
  'groupId',
  'status',
  'priority',
  'type',
  'category',
  'tags',
  'customFields',
  'deviceId',
  'parentId',
  'linkedIds',
] as const satisfies readonly (keyof Ticket)[];
export type TicketEditableField = (typeof TICKET_EDITABLE_FIELDS)[number];

export const TICKET_EVENT_KINDS = ['reply', 'note', 'field_change', 'attachment', 'system', 'rating'] as const;
export const TicketEventKind = z.enum(TICKET_EVENT_KINDS);
export type TicketEventKind = z.infer<typeof TicketEventKind>;

export const FieldChange = z.object({
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
});
export type FieldChange = z.infer<typeof FieldChange>;

/** How a requester rates a resolved ticket: 1 (poor) to 5 (excellent). */
export const RatingScore = z.number().int().min(1, 'A rating is 1 to 5.').max(5, 'A rating is 1 to 5.');
export type RatingScore = z.infer<typeof RatingScore>;

/** Append-only: replies, internal notes, field changes, attachments, system events and ratings. */
export const TicketEvent = z.object({
  id: Id,
  ticketId: Id,
  kind: TicketEventKind,
  /** Public events are shown to the requester; internal notes never are. */
  public: z.boolean(),
  authorId: Id.nullable(),
  body: z.string().max(50_000).nullable(),
  changes: z.array(FieldChange).nullable(),
  attachmentIds: z.array(Id),
  createdAt: Timestamp,
  /** Only on `rating` events (their `body` is the optional comment); absent on every other kind. */
  score: RatingScore.optional(),
});
export type TicketEvent = z.infer<typeof TicketEvent>;

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'boolean', 'select', 'date'] as const;
/** A date field's value: a calendar day, `YYYY-MM-DD`. */
export const CUSTOM_FIELD_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CustomFieldDefinition = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Keys are lower-case letters, digits and _.'),
  label: z.string().min(1).max(80),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.string().min(1).max(80)).max(100),
  required: z.boolean(),
  /** Ticket types the field is shown and required on; empty: every type. */
  ticketTypes: z.array(TicketType),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinition>;
