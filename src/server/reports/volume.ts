import { sql, type Kysely } from 'kysely';
import { BACKLOG_STATUSES, type ReportOverview } from '../../shared/api/reports';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../../shared/domain/ticket';
import type { Database } from '../store/schema';
import { localDay, RESOLVED_AT, type ReportWindow } from './window';

/** Ticket volume: created and resolved per local day, the backlog now, top categories and tags. */

const TOP = 10;

/** Tickets created, and tickets resolved, per local day of the window (only days that have any). */
export async function countsPerDay(db: Kysely<Database>, w: ReportWindow): Promise<{ created: Map<string, number>; resolved: Map<string, number> }> {
  const created = await sql<{ day: string; n: number }>`
    select ${localDay(w, sql`t.created_at`)} as day, count(*)::int as n
    from tickets t
    where ${w.tickets} and t.created_at >= ${w.start} and t.created_at < ${w.end}
    group by 1`.execute(db);
  const resolved = await sql<{ day: string; n: number }>`
    select ${localDay(w, RESOLVED_AT)} as day, count(*)::int as n
    from tickets t
    where ${w.tickets} and ${RESOLVED_AT} >= ${w.start} and ${RESOLVED_AT} < ${w.end}
    group by 1`.execute(db);
  return {
    created: new Map(created.rows.map((r) => [r.day, r.n])),
    resolved: new Map(resolved.rows.map((r) => [r.day, r.n])),
  };
}

// The status list is written into the statement (not bound), so the planner can match it to the
// partial index of open tickets (migration 0009).
const BACKLOG_SQL = sql.raw(BACKLOG_STATUSES.map((s) => `'${s}'`).join(', '));

/** Tickets open now, by status, by priority and by group (every status and priority listed, zeros too). */
export async function backlog(db: Kysely<Database>, w: ReportWindow): Promise<ReportOverview['backlog']> {
  const rows = await sql<{ status: TicketStatus; priority: TicketPriority; group_id: string | null; name: string | null; n: number }>`
    select t.status, t.priority, t.group_id, g.name, count(*)::int as n
    from tickets t left join groups g on g.id = t.group_id
    where ${w.tickets} and t.status in (${BACKLOG_SQL})
    group by t.status, t.priority, t.group_id, g.name`.execute(db);
  const byStatus = new Map<string, number>();
  const byPriority = new Map<string, number>();
  const byGroup = new Map<string | null, { name: string | null; count: number }>();
  let total = 0;
  for (const r of rows.rows) {
    total += r.n;
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.n);
    byPriority.set(r.priority, (byPriority.get(r.priority) ?? 0) + r.n);
    const g = byGroup.get(r.group_id) ?? { name: r.name, count: 0 };
    g.count += r.n;
    byGroup.set(r.group_id, g);
  }
  return {
    total,
    byStatus: TICKET_STATUSES.filter((s) => (BACKLOG_STATUSES as readonly string[]).includes(s)).map((status) => ({ status, count: byStatus.get(status) ?? 0 })),
    byPriority: TICKET_PRIORITIES.map((priority) => ({ priority, count: byPriority.get(priority) ?? 0 })),
    // Largest first; the tickets with no group last among equals.
    byGroup: [...byGroup.entries()]
      .map(([groupId, g]) => ({ groupId, name: g.name, count: g.count }))
      .sort((a, b) => b.count - a.count || (a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name))),
  };
}

/** The most frequent categories and tags of the tickets created in the window. */
export async function topCategoriesAndTags(db: Kysely<Database>, w: ReportWindow): Promise<Pick<ReportOverview, 'categories' | 'tags'>> {
  // Ties are ordered by the C collation so both stores answer the same list.
  const categories = await sql<{ category: string; count: number }>`
    select t.category, count(*)::int as count
    from tickets t
    where ${w.tickets} and t.created_at >= ${w.start} and t.created_at < ${w.end} and t.category is not null
    group by t.category
    order by count(*) desc, t.category collate "C"
    limit ${TOP}`.execute(db);
  const tags = await sql<{ tag: string; count: number }>`
    select u.tag, count(*)::int as count
    from tickets t cross join lateral unnest(t.tags) as u(tag)
    where ${w.tickets} and t.created_at >= ${w.start} and t.created_at < ${w.end}
    group by u.tag
    order by count(*) desc, u.tag collate "C"
    limit ${TOP}`.execute(db);
  return { categories: categories.rows, tags: tags.rows };
}
