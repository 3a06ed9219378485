import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../shared/domain/user';
import { can } from '../../shared/permissions';
import type { Checkpoint, SyncCollection, SyncDoc } from '../../shared/sync/protocol';
import { tombstoneFor, type DirectoryUser, type ReferenceDoc } from '../../shared/sync/schemas';
import { toDevice } from '../devices/devices';
import { toArticle } from '../kb/articles';
import { presetVisible, toPresetDoc } from '../presets/presets';
import type { Database, UserRow } from '../store/schema';
import { eventForActor, toCustomField, toTicket, toTicketEvent } from '../tickets/mapping';
import { toGroup } from '../users/group-routes';
import {
  articleDelivery,
  articleInScopeSql,
  deviceDelivery,
  deviceInScopeSql,
  groupDelivery,
  ticketDelivery,
  ticketEventDelivery,
  ticketHadSql,
  ticketInScopeSql,
  userDelivery,
  userInScopeSql,
  type Delivery,
  type TicketScopeRow,
} from './scope';

/** One changed row as a reader gets it: their document, a tombstone, or nothing. */
export interface Change {
  rev: number;
  key: string;
  delivery: Delivery;
  doc: SyncDoc | null;
}

export interface FetchOptions {
  /** Rows after this checkpoint; null for the start. */
  after: Checkpoint | null;
  /** Rows up to this rev, inclusive (the live stream reads a closed range). */
  upTo?: number;
  limit: number;
  /** Re-evaluate every row, not only those the reader may hold (after a scope change). */
  rescan: boolean;
}

/**
 * Reads changed rows of one collection in checkpoint order. With an actor, rows are filtered in
 * SQL to those the actor may receive; without one (the live stream), every changed row is read and
 * `deliver` decides per reader.
 */
export interface Source {
  fetch(db: Kysely<Database>, actor: Actor | null, o: FetchOptions): Promise<Row[]>;
  /** How many documents the actor holds once fully synced (for first-sync progress). */
  count(db: Kysely<Database>, actor: Actor): Promise<number>;
  deliver(actor: Actor, row: Row): Change;
}
// A row of any replicated table (plus joined ticket scope columns): each source knows its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any> & { rev: string | number; k: string };

// `rev >= checkpoint` is implied by the OR that follows, but only it lets PostgreSQL start the
// (rev, id) index scan at the checkpoint: without it every page (and every live batch) scans the
// index from the first row, so a first sync costs quadratic time (bench/sync-first.bench.ts).
const after = (o: FetchOptions, rev: RawBuilder<unknown>, key: RawBuilder<unknown>) =>
  sql<SqlBool>`${rev} >= ${o.after?.rev ?? -1}
    and (${rev} > ${o.after?.rev ?? -1} or (${rev} = ${o.after?.rev ?? -1} and ${key} collate "C" > ${o.after?.id ?? ''}))
    and (${o.upTo ?? null}::bigint is null or ${rev} <= ${o.upTo ?? null}::bigint)`;

const filter = (actor: Actor | null, o: FetchOptions, wanted: RawBuilder<SqlBool>) =>
  actor && !o.rescan ? wanted : sql<SqlBool>`true`;

// The document is made only when read: the live feed decides who gets what first, and builds each
// distinct message once (see feed.ts).
const change = (row: Row, delivery: Delivery, doc: () => SyncDoc): Change => {
  let made: SyncDoc | null = null;
  return {
    rev: Number(row.rev),
    key: row.k,
    delivery,
    get doc() {
      return delivery === 'doc' ? (made ??= doc()) : null;
    },
  };
};

const live = <T extends object>(value: T): SyncDoc => ({ ...(value as unknown as SyncDoc), _deleted: false });

async function countOf(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<number> {
  const r = await (query as RawBuilder<{ n: string | number }>).execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

const ticketScope = (r: Row): TicketScopeRow => ({
  requester_id: r.t_requester_id,
  cc: r.t_cc,
  group_id: r.t_group_id,
  assignee_id: r.t_assignee_id,
  deleted_at: r.t_deleted_at,
  former_user_ids: r.t_former_user_ids,
  former_group_ids: r.t_former_group_ids,
  former_unrouted: r.t_former_unrouted,
});

const ticketColumns = sql`t.requester_id as t_requester_id, t.cc as t_cc, t.group_id as t_group_id,
  t.assignee_id as t_assignee_id, t.deleted_at as t_deleted_at, t.former_user_ids as t_former_user_ids,
  t.former_group_ids as t_former_group_ids, t.former_unrouted as t_former_unrouted`;

const tickets: Source = {
  count: (db, actor) => countOf(db, sql`select count(*) as n from tickets t where t.deleted_at is null and ${ticketInScopeSql(actor)}`),
  async fetch(db, actor, o) {
    const wanted = actor ? sql<SqlBool>`(${ticketInScopeSql(actor)} or ${ticketHadSql(actor)})` : sql<SqlBool>`true`;
    const r = await sql<Row>`
      select t.*, t.id::text as k, ${ticketColumns} from tickets t
      where ${after(o, sql`t.rev`, sql`t.id::text`)} and ${filter(actor, o, wanted)}
      order by t.rev, t.id::text collate "C" limit ${o.limit}`.execute(db);
    return r.rows;
  },
  deliver: (actor, row) => change(row, ticketDelivery(actor, ticketScope(row)), () => live(toTicket(row as never))),
};

const ticketEvents: Source = {
  count: (db, actor) =>
    countOf(
      db,
      sql`select count(*) as n from ticket_events e join tickets t on t.id = e.ticket_id
        where t.deleted_at is null and ${ticketInScopeSql(actor)} ${can(actor.role, 'tickets.read_internal') ? sql`` : sql`and e.public`}`,
    ),
  async fetch(db, actor, o) {
    const wanted = actor
      ? sql<SqlBool>`(${ticketInScopeSql(actor)} or ${ticketHadSql(actor)})
          ${can(actor.role, 'tickets.read_internal') ? sql`` : sql`and e.public`}`
      : sql<SqlBool>`true`;
    const r = await sql<Row>`
      select e.*, e.id::text as k, ${ticketColumns} from ticket_events e join tickets t on t.id = e.ticket_id
      where ${after(o, sql`e.rev`, sql`e.id::text`)} and ${filter(actor, o, wanted)}
      order by e.rev, e.id::text collate "C" limit ${o.limit}`.execute(db);
    return r.rows;
  },
  deliver(actor, row) {
    const shown = eventForActor(actor, toTicketEvent(row as never));
    const delivery = ticketEventDelivery(actor, { public: row.public }, ticketScope(row));
    return change(row, delivery === 'doc' && !shown ? 'skip' : delivery, () => live(shown!));
  },
};

const users: Source = {
  count: (db, actor) => countOf(db, sql`select count(*) as n from users r where ${userInScopeSql(actor)}`),
  async fetch(db, actor, o) {
    const wanted = actor ? sql<SqlBool>`(${userInScopeSql(actor)} or r.former_staff)` : sql<SqlBool>`true`;
    const r = await sql<Row>`
      select r.*, r.id::text as k,
        array(select gm.group_id from group_members gm where gm.user_id = r.id order by gm.group_id) as group_ids
      from users r
      where ${after(o, sql`r.rev`, sql`r.id::text`)} and ${filter(actor, o, wanted)}
      order by r.rev, r.id::text collate "C" limit ${o.limit}`.execute(db);
    return r.rows;
  },
  deliver(actor, row) {
    const u = row as unknown as UserRow & { group_ids: string[] };
    return change(row, userDelivery(actor, u), () =>
      live<DirectoryUser>({
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        groupIds: u.group_ids,
        active: u.active,
        updatedAt: u.updated_at.toISOString(),
      }),
    );
  },
};

/** Rows of a table that hard-deletes, merged with its tombstones, in one checkpoint order. */
function withTombstones(collection: SyncCollection, liveRows: RawBuilder<Row>): Source['fetch'] {
  return async (db, _actor, o) => {
    const r = await sql<Row>`
      select * from (
        ${liveRows}
        union all
        select null as row, s.rev, s.doc_id as k, true as gone from sync_tombstones s where s.collection = ${collection}
      ) x
      where ${after(o, sql`x.rev`, sql`x.k`)}
      order by x.rev, x.k collate "C" limit ${o.limit}`.execute(db);
    return r.rows;
  };
}

const groups: Source = {
  count: async (db, actor) => (groupDelivery(actor) === 'doc' ? countOf(db, sql`select count(*) as n from groups`) : 0),
  async fetch(db, actor, o) {
    if (actor && groupDelivery(actor) === 'skip') return [];
    return withTombstones('groups', sql<Row>`select to_jsonb(g) as row, g.rev, g.id::text as k, false as gone from groups g`)(db, actor, o);
  },
  deliver(actor, row) {
    const delivery = groupDelivery(actor);
    if (row.gone) return change(row, delivery === 'doc' ? 'tombstone' : 'skip', () => ({}) as SyncDoc);
    const g = row.row as Record<string, string>;
    return change(row, delivery, () =>
      live(toGroup({ id: g.id!, name: g.name!, description: g.description!, created_at: new Date(g.created_at!), updated_at: new Date(g.updated_at!), rev: g.rev! })),
    );
  },
};

// Custom fields (for everyone), then saved views and macros (their owner's, or shared with every
// agent: presetVisible), then tombstones, in one checkpoint order.
const reference: Source = {
  count: async (db, actor) =>
    (await countOf(db, sql`select count(*) as n from custom_fields`)) +
    (can(actor.role, 'views.manage_own') ? await countOf(db, sql`select count(*) as n from console_presets p where p.shared or p.owner_id = ${actor.id}::uuid`) : 0),
  async fetch(db, actor, o) {
    const presets = actor ? (can(actor.role, 'views.manage_own') ? sql<SqlBool>`(p.shared or p.owner_id = ${actor.id}::uuid)` : sql<SqlBool>`false`) : sql<SqlBool>`true`;
    const r = await sql<Row>`
      select * from (
        select to_jsonb(c) as row, c.rev, 'custom_field:' || c.key as k, false as gone, null as preset from custom_fields c
        union all
        select null as row, p.rev, p.kind || ':' || p.id::text as k, false as gone, to_jsonb(p) as preset from console_presets p
          where ${filter(actor, o, presets)}
        union all
        select null as row, s.rev, s.doc_id as k, true as gone, null as preset from sync_tombstones s where s.collection = 'reference'
      ) x
      where ${after(o, sql`x.rev`, sql`x.k`)}
      order by x.rev, x.k collate "C" limit ${o.limit}`.execute(db);
    return r.rows;
  },
  deliver(actor, row) {
    if (row.gone) return change(row, 'tombstone', () => ({}) as SyncDoc);
    if (row.preset) {
      const p = row.preset as { owner_id: string; shared: boolean; created_at: string; updated_at: string };
      const preset = { ...p, created_at: new Date(p.created_at), updated_at: new Date(p.updated_at) } as never;
      return change(row, presetVisible(actor, p) ? 'doc' : 'skip', () => live(toPresetDoc(preset)));
    }
    const c = row.row as Record<string, string>;
    const data = toCustomField({ ...c, created_at: new Date(c.created_at!), updated_at: new Date(c.updated_at!) } as never);
    return change(row, 'doc', () => live<ReferenceDoc>({ id: row.k, kind: 'custom_field', key: data.key, data, updatedAt: data.updatedAt }));
  },
};

const kbArticles: Source = {
  count: (db, actor) => countOf(db, sql`select count(*) as n from kb_articles r where r.deleted_at is null and ${articleInScopeSql(actor)}`),
  async fetch(db, actor, o) {
    const wanted = actor ? sql<SqlBool>`(${articleInScopeSql(actor)} or r.former_public)` : sql<SqlBool>`true`;
    const r = await sql<Row>`
      select r.*, r.id::text as k from kb_articles r
      where ${after(o, sql`r.rev`, sql`r.id::text`)} and ${filter(actor, o, wanted)}
      order by r.rev, r.id::text collate "C" limit ${o.limit}`.execute(db);
    return r.rows;
  },
  deliver: (actor, row) => change(row, articleDelivery(actor, row as never), () => live(toArticle(row as never))),
};

const devices: Source = {
  count: (db, actor) => countOf(db, sql`select count(*) as n from devices r where ${deviceInScopeSql(actor)}`),
  async fetch(db, actor, o) {
    const wanted = actor ? sql<SqlBool>`(${deviceInScopeSql(actor)} or ${actor.id}::uuid = any(r.former_owner_ids))` : sql<SqlBool>`true`;
    const r = await sql<Row>`
      select r.*, r.id::text as k from devices r
      where ${after(o, sql`r.rev`, sql`r.id::text`)} and ${filter(actor, o, wanted)}
      order by r.rev, r.id::text collate "C" limit ${o.limit}`.execute(db);
    return r.rows;
  },
  deliver: (actor, row) => change(row, deviceDelivery(actor, row as never), () => live(toDevice(row as never))),
};

export const SOURCES: Record<SyncCollection, Source> = {
  tickets,
  ticket_events: ticketEvents,
  users,
  groups,
  kb_articles: kbArticles,
  devices,
  reference,
};

/**
 * What one reader receives of changed rows: their documents, and a tombstone for each row they may
 * hold but not see. In a re-scan (`everyRow`) every row they may not see becomes a tombstone.
 */
export function documentsFor(collection: SyncCollection, actor: Actor, rows: readonly Row[], everyRow = false): SyncDoc[] {
  return documentsOf(collection, rows.map((row) => SOURCES[collection].deliver(actor, row)), everyRow);
}

/** The documents of changes already decided for one reader (see `documentsFor`). */
export function documentsOf(collection: SyncCollection, changes: readonly Change[], everyRow = false): SyncDoc[] {
  const documents: SyncDoc[] = [];
  for (const change of changes) {
    if (change.delivery === 'doc') documents.push(change.doc!);
    else if (change.delivery === 'tombstone' || everyRow) documents.push(tombstoneFor(collection, change.key));
  }
  return documents;
}
