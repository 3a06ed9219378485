import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../shared/domain/user';
import { can, canSeeTicket } from '../../shared/permissions';

/**
 * Who receives what on replication, in two forms that must agree: SQL for pulls (the database
 * filters) and JavaScript for the live stream (one query per change, filtered per connection).
 * tests/integration/sync-scope.test.ts checks that they agree on random rows.
 *
 * For every row a reader gets one of three answers: `doc` (they may see it), `tombstone` (they may
 * not see it now but may hold a copy from before: their client must drop it), or `skip`.
 */
export type Delivery = 'doc' | 'tombstone' | 'skip';

export interface TicketScopeRow {
  requester_id: string;
  cc: string[];
  group_id: string | null;
  assignee_id: string | null;
  deleted_at: Date | null;
  former_user_ids: string[];
  former_group_ids: string[];
  former_unrouted: boolean;
}

const staff = (a: Actor) => a.role !== 'end_user';

/** Whether the actor could have seen the ticket under any scope it had before. */
function hadTicket(actor: Actor, t: TicketScopeRow): boolean {
  if (actor.role === 'admin' || actor.role === 'supervisor') return false;
  if (t.former_user_ids.includes(actor.id)) return true;
  if (actor.role !== 'agent') return false;
  return t.former_unrouted || t.former_group_ids.some((g) => actor.groupIds.includes(g));
}

function decide(inScope: boolean, deleted: boolean, had: boolean): Delivery {
  if (inScope && !deleted) return 'doc';
  return inScope || had ? 'tombstone' : 'skip';
}

export function ticketDelivery(actor: Actor, t: TicketScopeRow): Delivery {
  const inScope = canSeeTicket(actor, { requesterId: t.requester_id, cc: t.cc, groupId: t.group_id, assigneeId: t.assignee_id });
  return decide(inScope, t.deleted_at !== null, hadTicket(actor, t));
}

/** An event goes where its ticket goes; internal ones only to those who read internal notes. */
export function ticketEventDelivery(actor: Actor, e: { public: boolean }, ticket: TicketScopeRow): Delivery {
  if (!e.public && !can(actor.role, 'tickets.read_internal')) return 'skip';
  return ticketDelivery(actor, ticket);
}

export function articleDelivery(actor: Actor, a: { visibility: string; former_public: boolean; deleted_at: Date | null }): Delivery {
  const inScope = a.visibility === 'public' || can(actor.role, 'kb.read_internal');
  return decide(inScope, a.deleted_at !== null, a.former_public);
}

export function deviceDelivery(actor: Actor, d: { owner_id: string | null; former_owner_ids: string[] }): Delivery {
  const inScope = can(actor.role, 'devices.read') || d.owner_id === actor.id;
  return decide(inScope, false, d.former_owner_ids.includes(actor.id));
}

/** Staff see the whole directory; end users see themselves and the staff who help them. */
export function userDelivery(actor: Actor, u: { id: string; role: string; former_staff: boolean }): Delivery {
  const inScope = staff(actor) || u.id === actor.id || u.role !== 'end_user';
  return decide(inScope, false, u.former_staff);
}

export function groupDelivery(actor: Actor): Delivery {
  return can(actor.role, 'groups.read') ? 'doc' : 'skip';
}

// ---- SQL forms: each yields (in_scope, had) for the row alias `r` (and `t` for the ticket). ----

const uuids = (ids: readonly string[]) => sql`${[...ids]}::uuid[]`;

/** SQL: is the ticket aliased `t` in the actor's scope (deletion aside)? Mirrors canSeeTicket. */
export function ticketInScopeSql(actor: Actor): RawBuilder<SqlBool> {
  switch (actor.role) {
    case 'admin':
    case 'supervisor':
      return sql<SqlBool>`true`;
    case 'agent':
      return sql<SqlBool>`(t.group_id is null or t.group_id = any(${uuids(actor.groupIds)})
        or t.assignee_id = ${actor.id}::uuid or t.requester_id = ${actor.id}::uuid)`;
    case 'end_user':
      return sql<SqlBool>`(t.requester_id = ${actor.id}::uuid or ${actor.id}::uuid = any(t.cc))`;
  }
}

/** SQL: could the actor have seen the ticket aliased `t` before? Mirrors hadTicket. */
export function ticketHadSql(actor: Actor): RawBuilder<SqlBool> {
  switch (actor.role) {
    case 'admin':
    case 'supervisor':
      return sql<SqlBool>`false`;
    case 'agent':
      return sql<SqlBool>`(${actor.id}::uuid = any(t.former_user_ids) or t.former_unrouted
        or t.former_group_ids && ${uuids(actor.groupIds)})`;
    case 'end_user':
      return sql<SqlBool>`(${actor.id}::uuid = any(t.former_user_ids))`;
  }
}

export function articleInScopeSql(actor: Actor): RawBuilder<SqlBool> {
  return can(actor.role, 'kb.read_internal') ? sql<SqlBool>`true` : sql<SqlBool>`(r.visibility = 'public')`;
}

export function deviceInScopeSql(actor: Actor): RawBuilder<SqlBool> {
  return can(actor.role, 'devices.read') ? sql<SqlBool>`true` : sql<SqlBool>`(r.owner_id = ${actor.id}::uuid)`;
}

export function userInScopeSql(actor: Actor): RawBuilder<SqlBool> {
  return staff(actor) ? sql<SqlBool>`true` : sql<SqlBool>`(r.id = ${actor.id}::uuid or r.role <> 'end_user')`;
}
