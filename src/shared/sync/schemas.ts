import type { RxJsonSchema } from 'rxdb';
import type { Ticket, TicketEvent, CustomFieldDefinition } from '../domain/ticket';
import type { KbArticle } from '../domain/kb';
import type { Device } from '../domain/device';
import type { Group } from '../domain/user';
import type { Macro, SavedView } from '../domain/presets';
import type { SyncCollection } from './protocol';

/** A user as every client replicates it (the directory entry; no secrets ever leave the server). */
export interface DirectoryUser {
  id: string;
  email: string;
  name: string;
  role: 'end_user' | 'agent' | 'supervisor' | 'admin';
  groupIds: string[];
  active: boolean;
  updatedAt: string;
}

/**
 * Reference data that many small collections would otherwise need (custom field definitions, saved
 * views, macros; SLA policies and calendars later), keyed by `kind:key`, so the client stays well
 * under RxDB's collection limit as the product grows.
 */
export type ReferenceDoc =
  | { id: string; kind: 'custom_field'; key: string; data: CustomFieldDefinition; updatedAt: string }
  | { id: string; kind: 'view'; key: string; data: SavedView; updatedAt: string }
  | { id: string; kind: 'macro'; key: string; data: Macro; updatedAt: string };
export type ReferenceKind = ReferenceDoc['kind'];

export interface SyncDocTypes {
  tickets: Ticket;
  ticket_events: TicketEvent;
  users: DirectoryUser;
  groups: Group;
  kb_articles: KbArticle;
  devices: Device;
  reference: ReferenceDoc;
}

const id = { type: 'string', maxLength: 100 } as const;
const idOrNull = { type: ['string', 'null'], maxLength: 100 } as const;
const time = { type: 'string', maxLength: 40 } as const;
const timeOrNull = { type: ['string', 'null'], maxLength: 40 } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

const ticketSchema: RxJsonSchema<Ticket> = {
  title: 'tickets',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    number: { type: 'integer', minimum: 0, maximum: 1_000_000_000, multipleOf: 1 },
    subject: { type: 'string' },
    description: { type: 'string' },
    requesterId: id,
    cc: strings,
    assigneeId: idOrNull,
    groupId: idOrNull,
    status: { type: 'string', maxLength: 20 },
    priority: { type: 'string', maxLength: 4 },
    type: { type: 'string', maxLength: 30 },
    category: { type: ['string', 'null'] },
    tags: strings,
    customFields: { type: 'object' },
    channel: { type: 'string' },
    deviceId: idOrNull,
    parentId: idOrNull,
    linkedIds: strings,
    createdAt: time,
    updatedAt: time,
    resolvedAt: timeOrNull,
    closedAt: timeOrNull,
  },
  required: ['id', 'number', 'subject', 'requesterId', 'status', 'priority', 'updatedAt', 'createdAt'],
  indexes: ['updatedAt', ['status', 'updatedAt'], 'number', 'requesterId'],
};

const ticketEventSchema: RxJsonSchema<TicketEvent> = {
  title: 'ticket_events',
  // 1: `score` on rating events (older documents have none and need no change).
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    ticketId: id,
    kind: { type: 'string', maxLength: 20 },
    public: { type: 'boolean' },
    authorId: idOrNull,
    body: { type: ['string', 'null'] },
    changes: { type: ['array', 'null'] },
    attachmentIds: strings,
    createdAt: time,
    score: { type: 'integer', minimum: 1, maximum: 5 },
  },
  required: ['id', 'ticketId', 'kind', 'public', 'createdAt'],
  indexes: [['ticketId', 'createdAt']],
};

const userSchema: RxJsonSchema<DirectoryUser> = {
  title: 'users',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', maxLength: 20 },
    groupIds: strings,
    active: { type: 'boolean' },
    updatedAt: time,
  },
  required: ['id', 'name', 'role', 'updatedAt'],
};

const groupSchema: RxJsonSchema<Group> = {
  title: 'groups',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id, name: { type: 'string' }, description: { type: 'string' }, createdAt: time, updatedAt: time },
  required: ['id', 'name', 'updatedAt'],
};

const kbSchema: RxJsonSchema<KbArticle> = {
  title: 'kb_articles',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    title: { type: 'string' },
    body: { type: 'string' },
    visibility: { type: 'string', maxLength: 10 },
    category: { type: ['string', 'null'] },
    tags: strings,
    authorId: idOrNull,
    createdAt: time,
    updatedAt: time,
  },
  required: ['id', 'title', 'visibility', 'updatedAt'],
  indexes: ['updatedAt'],
};

const deviceSchema: RxJsonSchema<Device> = {
  title: 'devices',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    name: { type: 'string' },
    hostname: { type: 'string' },
    os: { type: 'string' },
    ownerId: idOrNull,
    groupId: idOrNull,
    publicKey: { type: ['string', 'null'] },
    enrolledAt: timeOrNull,
    lastSeenAt: timeOrNull,
    revokedAt: timeOrNull,
    createdAt: time,
    updatedAt: time,
  },
  required: ['id', 'name', 'updatedAt'],
};

const referenceSchema: RxJsonSchema<ReferenceDoc> = {
  title: 'reference',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 200 }, kind: { type: 'string', maxLength: 40 }, key: { type: 'string' }, data: { type: 'object' }, updatedAt: time },
  required: ['id', 'kind', 'key', 'data', 'updatedAt'],
  indexes: ['kind'],
};

/** The RxDB schema of each replicated collection. Bump `version` and add a migration to change one. */
export const SYNC_SCHEMAS: { [C in SyncCollection]: RxJsonSchema<SyncDocTypes[C]> } = {
  tickets: ticketSchema,
  ticket_events: ticketEventSchema,
  users: userSchema,
  groups: groupSchema,
  kb_articles: kbSchema,
  devices: deviceSchema,
  reference: referenceSchema,
};

const BLANK_TIME = '1970-01-01T00:00:00.000Z';

/**
 * The deletion marker for a document a reader may no longer see: the id, `_deleted`, and blank
 * values that satisfy the collection's schema — never the document's content.
 */
export function tombstoneFor(collection: SyncCollection, id: string): { id: string; _deleted: true } & Record<string, unknown> {
  const base = { id, _deleted: true as const };
  switch (collection) {
    case 'tickets':
      return {
        ...base,
        number: 0,
        subject: '',
        description: '',
        requesterId: '',
        cc: [],
        assigneeId: null,
        groupId: null,
        status: 'closed',
        priority: 'P4',
        type: 'question',
        category: null,
        tags: [],
        customFields: {},
        channel: 'api',
        deviceId: null,
        parentId: null,
        linkedIds: [],
        createdAt: BLANK_TIME,
        updatedAt: BLANK_TIME,
        resolvedAt: null,
        closedAt: null,
      };
    case 'ticket_events':
      return { ...base, ticketId: '', kind: 'system', public: false, authorId: null, body: null, changes: null, attachmentIds: [], createdAt: BLANK_TIME };
    case 'users':
      return { ...base, email: '', name: '', role: 'end_user', groupIds: [], active: false, updatedAt: BLANK_TIME };
    case 'groups':
      return { ...base, name: '', description: '', createdAt: BLANK_TIME, updatedAt: BLANK_TIME };
    case 'kb_articles':
      return { ...base, title: '', body: '', visibility: 'internal', category: null, tags: [], authorId: null, createdAt: BLANK_TIME, updatedAt: BLANK_TIME };
    case 'devices':
      return {
        ...base,
        name: '',
        hostname: '',
        os: '',
        ownerId: null,
        groupId: null,
        publicKey: null,
        enrolledAt: null,
        lastSeenAt: null,
        revokedAt: null,
        createdAt: BLANK_TIME,
        updatedAt: BLANK_TIME,
      };
    case 'reference':
      return { ...base, kind: 'custom_field', key: '', data: {}, updatedAt: BLANK_TIME };
  }
}
