import { z } from 'zod';
import { Id, page, Tag } from '../domain/common';
import {
  CUSTOM_FIELD_TYPES,
  CustomFieldDefinition,
  CustomFieldValues,
  RatingScore,
  TICKET_STATUSES,
  TICKET_TYPES,
  Ticket,
  TicketChannel,
  TicketEvent,
  TicketPriority,
  TicketType,
} from '../domain/ticket';

const Subject = z.string().trim().min(1, 'Give the ticket a subject.').max(250);
const Description = z.string().max(20_000);
const Category = z.string().trim().min(1).max(80).nullable();

/**
 * POST /api/tickets. `priority` has no schema default so the server can tell "not given" (P3) from
 * an end user trying to set it (refused). `requesterId` is for agents and up raising a ticket on
 * someone's behalf; an end user's ticket is always their own.
 */
export const CreateTicketRequest = z.strictObject({
  subject: Subject,
  description: Description,
  priority: TicketPriority.optional(),
  type: TicketType.default('incident'),
  category: Category.default(null),
  tags: z.array(Tag).max(30).default([]),
  cc: z.array(Id).max(50).default([]),
  customFields: CustomFieldValues.default({}),
  groupId: Id.nullable().optional(),
  assigneeId: Id.nullable().optional(),
  deviceId: Id.nullable().default(null),
  channel: TicketChannel.default('api'),
  requesterId: Id.optional(),
});
export type CreateTicketRequest = z.infer<typeof CreateTicketRequest>;

/**
 * PATCH /api/tickets/:ref — any of the editable fields, at least one. `customFields` merges: the
 * keys given are set, a `null` value clears that key, keys not given are left alone.
 */
export const UpdateTicketRequest = z
  .strictObject({
    subject: Subject,
    description: Description,
    cc: Ticket.shape.cc,
    assigneeId: Ticket.shape.assigneeId,
    groupId: Ticket.shape.groupId,
    status: Ticket.shape.status,
    priority: Ticket.shape.priority,
    type: Ticket.shape.type,
    category: Category,
    tags: z.array(Tag).max(30),
    customFields: CustomFieldValues,
    deviceId: Ticket.shape.deviceId,
    parentId: Ticket.shape.parentId,
    linkedIds: Ticket.shape.linkedIds,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Change at least one field.');
export type UpdateTicketRequest = z.infer<typeof UpdateTicketRequest>;

export const TICKET_SORTS = ['updated_desc', 'created_desc', 'priority'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

const statusList = z
  .string()
  .refine(
    (s) => s.split(',').every((x) => (TICKET_STATUSES as readonly string[]).includes(x.trim())),
    `status is a comma-separated list of: ${TICKET_STATUSES.join(', ')}.`,
  );

/** GET /api/tickets query. `assigneeId` also takes `me` and `none`; `cursor` is opaque. */
export const TicketListQuery = z.strictObject({
  status: statusList.optional(),
  priority: TicketPriority.optional(),
  type: TicketType.optional(),
  groupId: Id.optional(),
  assigneeId: z.union([Id, z.enum(['me', 'none'])]).optional(),
  requesterId: Id.optional(),
  tag: Tag.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(TICKET_SORTS).default('updated_desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type TicketListQuery = z.infer<typeof TicketListQuery>;

/** Splits the `status` query value into statuses. */
export const parseStatusList = (s: string): Ticket['status'][] =>
  [...new Set(s.split(',').map((x) => x.trim()))] as Ticket['status'][];

/** A page of tickets; pass `nextCursor` back as `cursor` for the next page (null: no more). */
export const TicketList = page(Ticket);
export type TicketList = z.infer<typeof TicketList>;

/** `:ref` is a ticket's uuid or its number (`T-1042` or `1042`). */
export const TicketRefParams = z.strictObject({ ref: z.string().min(1).max(64) });

/**
 * POST /api/tickets/:ref/events. A client-made `id` makes the post idempotent: sending the same id
 * again answers the event already stored (200) instead of adding another (201).
 */
export const CreateTicketEventRequest = z.strictObject({
  id: Id.optional(),
  kind: z.enum(['reply', 'note']),
  body: z.string().min(1, 'Write something first.').max(50_000),
  attachmentIds: z.array(Id).max(20).default([]),
});
export type CreateTicketEventRequest = z.infer<typeof CreateTicketEventRequest>;

export const TicketEventList = z.object({ items: z.array(TicketEvent) });

/**
 * POST /api/tickets/:ref/rating: the requester rates their resolved ticket, 1 (poor) to 5
 * (excellent), with an optional comment. Stored as a `rating` ticket event; a client-made `id`
 * makes a retry answer the stored rating (200) rather than refuse it as a second one.
 */
export const RateTicketRequest = z.strictObject({
  id: Id.optional(),
  score: RatingScore,
  comment: z.string().trim().max(2000).nullable().default(null),
});
export type RateTicketRequest = z.infer<typeof RateTicketRequest>;

const FieldLabel = z.string().trim().min(1).max(80);
const FieldOptions = z.array(z.string().trim().min(1).max(80)).max(100);

/** POST /api/custom-fields (admin). Select fields need options; other types take none. */
export const CreateCustomFieldRequest = z
  .strictObject({
    key: CustomFieldDefinition.shape.key,
    label: FieldLabel,
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: FieldOptions.default([]),
    required: z.boolean().default(false),
    ticketTypes: z.array(TicketType).max(TICKET_TYPES.length).default([]),
  })
  .refine((v) => (v.type === 'select' ? v.options.length > 0 : v.options.length === 0), {
    message: 'A select field needs options; other types take none.',
    path: ['options'],
  });

/** PATCH /api/custom-fields/:key (admin). The type cannot change: stored values would break. */
export const UpdateCustomFieldRequest = z
  .strictObject({ label: FieldLabel, options: FieldOptions, required: z.boolean(), ticketTypes: z.array(TicketType).max(TICKET_TYPES.length) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Change at least one field.');

export const CustomFieldKeyParams = z.strictObject({ key: CustomFieldDefinition.shape.key });
export const CustomFieldList = z.object({ items: z.array(CustomFieldDefinition) });

/**
 * POST /api/tickets/:ref/merge (agents and up, who must see both tickets). Every event of the
 * source moves to the target; the source is closed; each ticket gets a system event naming the
 * other (`merged_into` / `merged_from`) and the two are linked both ways. Merging a ticket into
 * itself, into a deleted one, or one already merged is refused (409 `conflict`).
 */
export const MergeTicketRequest = z.strictObject({
  /** The ticket that stays (uuid). */
  targetId: Id,
});
export type MergeTicketRequest = z.infer<typeof MergeTicketRequest>;
export const MergeTicketResponse = z.object({
  source: Ticket,
  target: Ticket,
  /** How many events moved from the source to the target. */
  movedEvents: z.number().int().nonnegative(),
});
export type MergeTicketResponse = z.infer<typeof MergeTicketResponse>;

/**
 * POST /api/tickets/:ref/split (agents and up). The chosen replies and notes move to a new ticket
 * with the same requester, cc, routing, priority and type; both get a system event naming the
 * other (`split_into` / `split_from`) and are linked both ways. System and field-change events stay.
 */
export const SplitTicketRequest = z.strictObject({
  eventIds: z.array(Id).min(1, 'Choose at least one reply or note to move.').max(500),
  /** Subject of the new ticket; defaults to the source's subject. */
  subject: Subject.optional(),
});
export type SplitTicketRequest = z.infer<typeof SplitTicketRequest>;
export const SplitTicketResponse = z.object({ source: Ticket, created: Ticket, movedEvents: z.number().int().nonnegative() });
export type SplitTicketResponse = z.infer<typeof SplitTicketResponse>;
