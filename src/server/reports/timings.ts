import { sql, type Kysely } from 'kysely';
import { BACKLOG_STATUSES, type DurationFigures, type ReportOverview } from '../../shared/api/reports';
import type { Database } from '../store/schema';
import { RESOLVED_AT, type ReportWindow } from './window';

/**
 * How long tickets waited: first response and resolution times (median and 90th percentile, in
 * seconds, computed by the database with percentile_cont), per agent too; and satisfaction.
 */

const BACKLOG_SQL = sql.raw(BACKLOG_STATUSES.map((s) => `'${s}'`).join(', '));

/** Seconds rounded to whole ones; null stays null (nothing measured). */
const seconds = (v: number | string | null): number | null => (v === null ? null : Math.round(Number(v)));

interface FirstResponseRow {
  /** Null on the total row (grouping); on a per-author row, null for tickets nobody answered. */
  author_id: string | null;
  total_row: number;
  tickets: number;
  answered: number;
  awaiting: number;
  median: number | string | null;
  p90: number | string | null;
}

/**
 * First responses of the tickets created in the window: creation to the first public reply by
 * anyone but the requester. Answers the overall figures and, per responder, their count and median.
 */
export async function firstResponses(
  db: Kysely<Database>,
  w: ReportWindow,
): Promise<{ overall: DurationFigures & { awaiting: number }; byAuthor: Map<string, { count: number; medianSeconds: number | null }> }> {
  // The first qualifying reply of each ticket in one pass over the range's replies (a hash join
  // over the replies index of migration 0009) rather than a lookup per ticket: several times faster
  // at 50,000 tickets. Only replies from the ticket's creation on count: one older than its ticket
  // was moved in by a merge and answered another ticket.
  const rows = await sql<FirstResponseRow>`
    with created as (
      select t.id, t.created_at, t.requester_id, t.status
      from tickets t
      where ${w.tickets} and t.created_at >= ${w.start} and t.created_at < ${w.end}
    ), first_replies as (
      select distinct on (e.ticket_id) e.ticket_id, e.created_at as at, e.author_id
      from ticket_events e join created c on c.id = e.ticket_id
      where e.kind = 'reply' and e.created_at >= ${w.start} and e.created_at >= c.created_at
        and e.public and e.author_id is not null and e.author_id <> c.requester_id
      order by e.ticket_id, e.created_at, e.id
    ), firsts as (
      select c.status, f.author_id, extract(epoch from (f.at - c.created_at))::float8 as wait
      from created c left join first_replies f on f.ticket_id = c.id
    )
    select author_id, grouping(author_id) as total_row, count(*)::int as tickets, count(wait)::int as answered,
      (count(*) filter (where wait is null and status in (${BACKLOG_SQL})))::int as awaiting,
      percentile_cont(0.5) within group (order by wait) as median,
      percentile_cont(0.9) within group (order by wait) as p90
    from firsts
    group by grouping sets ((), (author_id))`.execute(db);
  const total = rows.rows.find((r) => Number(r.total_row) === 1);
  const byAuthor = new Map<string, { count: number; medianSeconds: number | null }>();
  for (const r of rows.rows) {
    if (Number(r.total_row) === 1 || r.author_id === null) continue;
    byAuthor.set(r.author_id, { count: r.answered, medianSeconds: seconds(r.median) });
  }
  return {
    overall: {
      count: total?.answered ?? 0,
      medianSeconds: seconds(total?.median ?? null),
      p90Seconds: seconds(total?.p90 ?? null),
      awaiting: total?.awaiting ?? 0,
    },
    byAuthor,
  };
}

/** Tickets resolved in the window: creation to (current) resolution. */
export async function resolutionTimes(db: Kysely<Database>, w: ReportWindow): Promise<DurationFigures> {
  const r = await sql<{ n: number; median: number | string | null; p90: number | string | null }>`
    with resolved as (
      select greatest(0, extract(epoch from (${RESOLVED_AT} - t.created_at)))::float8 as took
      from tickets t
      where ${w.tickets} and ${RESOLVED_AT} >= ${w.start} and ${RESOLVED_AT} < ${w.end}
    )
    select count(*)::int as n,
      percentile_cont(0.5) within group (order by took) as median,
      percentile_cont(0.9) within group (order by took) as p90
    from resolved`.execute(db);
  const row = r.rows[0];
  return { count: row?.n ?? 0, medianSeconds: seconds(row?.median ?? null), p90Seconds: seconds(row?.p90 ?? null) };
}

/** Ratings given in the window, on tickets the report counts. */
export async function satisfaction(db: Kysely<Database>, w: ReportWindow): Promise<ReportOverview['satisfaction']> {
  const r = await sql<{ score: number; n: number }>`
    select e.score, count(*)::int as n
    from ticket_events e join tickets t on t.id = e.ticket_id
    where e.kind = 'rating' and e.created_at >= ${w.start} and e.created_at < ${w.end} and ${w.tickets}
    group by e.score`.execute(db);
  const counts = new Map(r.rows.map((row) => [Number(row.score), row.n]));
  const distribution = [1, 2, 3, 4, 5].map((score) => ({ score, count: counts.get(score) ?? 0 }));
  const count = distribution.reduce((sum, d) => sum + d.count, 0);
  const sum = distribution.reduce((acc, d) => acc + d.score * d.count, 0);
  return { count, average: count === 0 ? null : Math.round((sum / count) * 100) / 100, distribution };
}

/** Per staff member: tickets assigned to them resolved in the window, and public replies they wrote in it. */
export async function agentActivity(db: Kysely<Database>, w: ReportWindow): Promise<{ resolved: Map<string, number>; replies: Map<string, number> }> {
  const resolved = await sql<{ user_id: string; n: number }>`
    select t.assignee_id as user_id, count(*)::int as n
    from tickets t
    where ${w.tickets} and t.assignee_id is not null and ${RESOLVED_AT} >= ${w.start} and ${RESOLVED_AT} < ${w.end}
    group by t.assignee_id`.execute(db);
  const replies = await sql<{ user_id: string; n: number }>`
    select e.author_id as user_id, count(*)::int as n
    from ticket_events e join tickets t on t.id = e.ticket_id
    where e.kind = 'reply' and e.public and e.created_at >= ${w.start} and e.created_at < ${w.end}
      and ${w.tickets} and e.author_id is not null and e.author_id <> t.requester_id
    group by e.author_id`.execute(db);
  return {
    resolved: new Map(resolved.rows.map((r) => [r.user_id, r.n])),
    replies: new Map(replies.rows.map((r) => [r.user_id, r.n])),
  };
}
