import { z } from 'zod';
import { Id, Tag } from './common';
import { TicketPriority, TicketStatus, TicketType } from './ticket';

/**
 * Saved views and macros: what an agent keeps to work faster. Each is personal (its owner's) or
 * shared (with every agent; made by those the permission table lets). Both replicate in the
 * `reference` collection as `view:<id>` and `macro:<id>`, and clients write them there: the server
 * checks them with these schemas and the permission table before it keeps them.
 */

export const PRESET_KINDS = ['view', 'macro'] as const;
export type PresetKind = (typeof PRESET_KINDS)[number];

/** A calendar day, `2026-12-02`, as a date filter takes it (the agent's own day, not UTC). */
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are written as YYYY-MM-DD.');

/** The queue's filters; an absent key does not filter. `me` is whoever looks at the view. */
export const QueueFilter = z.strictObject({
  status: TicketStatus.optional(),
  priority: TicketPriority.optional(),
  type: TicketType.optional(),
  /** A group id, or `none` for tickets without a group. */
  groupId: z.union([Id, z.literal('none')]).optional(),
  /** `me`, `unassigned`, or a user id. */
  assignee: z.union([Id, z.literal('me'), z.literal('unassigned')]).optional(),
  requesterId: Id.optional(),
  /** Every one of these tags. */
  tags: z.array(Tag).min(1).max(10).optional(),
  createdFrom: Day.optional(),
  createdTo: Day.optional(),
  updatedFrom: Day.optional(),
  updatedTo: Day.optional(),
});
export type QueueFilter = z.infer<typeof QueueFilter>;

export const QUEUE_COLUMNS = ['number', 'subject', 'requester', 'status', 'priority', 'type', 'group', 'assignee', 'tags', 'created', 'updated'] as const;
export const QueueColumn = z.enum(QUEUE_COLUMNS);
export type QueueColumn = z.infer<typeof QueueColumn>;

export const QueueSort = z.strictObject({ column: QueueColumn, direction: z.enum(['asc', 'desc']) });
export type QueueSort = z.infer<typeof QueueSort>;

const Name = z.string().trim().min(1, 'Give it a name.').max(80, 'Names are at most 80 characters.');

/** What a custom view keeps: filters, sort and the columns shown, in order. */
export const SavedViewDefinition = z.strictObject({
  name: Name,
  shared: z.boolean(),
  filter: QueueFilter,
  sort: QueueSort,
  columns: z.array(QueueColumn).min(1).max(QUEUE_COLUMNS.length),
});
export type SavedViewDefinition = z.infer<typeof SavedViewDefinition>;

/** A field a macro sets; absent ones stay as they are. `assigneeId` may be `me` (who applies it). */
export const MacroActions = z.strictObject({
  status: TicketStatus.optional(),
  priority: TicketPriority.optional(),
  groupId: Id.nullable().optional(),
  assigneeId: z.union([Id, z.literal('me')]).nullable().optional(),
  addTags: z.array(Tag).max(10).optional(),
  removeTags: z.array(Tag).max(10).optional(),
});
export type MacroActions = z.infer<typeof MacroActions>;

/** A canned response: a message (reply or note, with placeholders) and fields to set. */
export const MacroDefinition = z.strictObject({
  name: Name,
  shared: z.boolean(),
  /** Markdown with `{{ticket.number}}`-style placeholders; empty for a macro that only sets fields. */
  body: z.string().max(20_000, 'Messages are at most 20,000 characters.'),
  messageKind: z.enum(['reply', 'note']),
  actions: MacroActions,
});
export type MacroDefinition = z.infer<typeof MacroDefinition>;

/** A view or macro as it replicates: its definition, its owner, when it changed. */
export type SavedView = SavedViewDefinition & { id: string; ownerId: string; updatedAt: string };
export type Macro = MacroDefinition & { id: string; ownerId: string; updatedAt: string };

/** The `reference` document id of a view or macro. */
export const presetDocId = (kind: PresetKind, id: string): string => `${kind}:${id}`;
