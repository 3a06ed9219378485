import type { Kysely } from 'kysely';
import { daysInRange, eachDay, type ReportAgentRow, type ReportOverview, type ReportOverviewQuery } from '../../shared/api/reports';
import type { Database } from '../store/schema';
import { agentActivity, firstResponses, resolutionTimes, satisfaction } from './timings';
import { backlog, countsPerDay, topCategoriesAndTags } from './volume';
import { assertWindowUsable, reportWindow } from './window';

/** The overview report for a range of local days, one group or all. */
export async function reportOverview(db: Kysely<Database>, q: ReportOverviewQuery, now: Date): Promise<ReportOverview> {
  await assertWindowUsable(db, q);
  const w = reportWindow(q);
  // One after another: PGlite has a single connection, and on PostgreSQL these are each quick.
  const perDay = await countsPerDay(db, w);
  const open = await backlog(db, w);
  const top = await topCategoriesAndTags(db, w);
  const first = await firstResponses(db, w);
  const resolution = await resolutionTimes(db, w);
  const rated = await satisfaction(db, w);
  const activity = await agentActivity(db, w);

  const days = eachDay(q.from, q.to).map((day) => ({ day, created: perDay.created.get(day) ?? 0, resolved: perDay.resolved.get(day) ?? 0 }));
  return {
    range: { from: q.from, to: q.to, tz: q.tz, groupId: q.groupId ?? null, days: daysInRange(q.from, q.to) },
    generatedAt: now.toISOString(),
    perDay: days,
    totals: { created: days.reduce((n, d) => n + d.created, 0), resolved: days.reduce((n, d) => n + d.resolved, 0) },
    backlog: open,
    firstResponse: first.overall,
    resolution,
    satisfaction: rated,
    agents: await agentRows(db, activity, first.byAuthor),
    ...top,
  };
}

/** One row per staff member with any activity in the range; most resolved first, then most replies, then by name. */
async function agentRows(
  db: Kysely<Database>,
  activity: { resolved: Map<string, number>; replies: Map<string, number> },
  firsts: Map<string, { count: number; medianSeconds: number | null }>,
): Promise<ReportAgentRow[]> {
  const ids = [...new Set([...activity.resolved.keys(), ...activity.replies.keys(), ...firsts.keys()])];
  if (ids.length === 0) return [];
  // A cc'd end user may answer first; the table is about the help desk team.
  const staff = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).where('role', '!=', 'end_user').execute();
  return staff
    .map((u) => ({
      userId: u.id,
      name: u.name,
      resolved: activity.resolved.get(u.id) ?? 0,
      publicReplies: activity.replies.get(u.id) ?? 0,
      firstResponses: firsts.get(u.id)?.count ?? 0,
      firstResponseMedianSeconds: firsts.get(u.id)?.medianSeconds ?? null,
    }))
    .sort((a, b) => b.resolved - a.resolved || b.publicReplies - a.publicReplies || a.name.localeCompare(b.name));
}
