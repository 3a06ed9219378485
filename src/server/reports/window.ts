import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ReportOverviewQuery } from '../../shared/api/reports';
import { TandemError } from '../../shared/errors';
import type { Database } from '../store/schema';

/**
 * What a report looks at: the instants its calendar days start and end in the caller's time zone,
 * and which tickets count. Every report query is written over these fragments, so PGlite and
 * PostgreSQL turn local days into instants the same way (the database's time zone rules, not ours).
 */
export interface ReportWindow {
  tz: string;
  /** The first day's local midnight, as an instant. */
  start: RawBuilder<Date>;
  /** The local midnight after the last day (exclusive). */
  end: RawBuilder<Date>;
  /** Tickets the report counts (table alias `t`): not deleted, in the group when one is chosen. */
  tickets: RawBuilder<boolean>;
}

export function reportWindow(q: ReportOverviewQuery): ReportWindow {
  return {
    tz: q.tz,
    start: sql<Date>`(${q.from}::date::timestamp at time zone ${q.tz})`,
    end: sql<Date>`((${q.to}::date + 1)::timestamp at time zone ${q.tz})`,
    tickets: q.groupId ? sql<boolean>`(t.deleted_at is null and t.group_id = ${q.groupId})` : sql<boolean>`(t.deleted_at is null)`,
  };
}

/** A timestamp column's calendar day in the window's time zone, as `YYYY-MM-DD` text. */
export const localDay = (w: ReportWindow, column: RawBuilder<unknown>) => sql<string>`to_char(${column} at time zone ${w.tz}, 'YYYY-MM-DD')`;

/** When a ticket's current resolution happened: resolvedAt, or closedAt for one closed straight away. */
export const RESOLVED_AT = sql<Date>`coalesce(t.resolved_at, t.closed_at)`;

/**
 * Refuses, with a sentence, what the schema could not check: a time zone the runtime knows but the
 * database does not (their zone lists come from different releases), and a group that is not there.
 */
export async function assertWindowUsable(db: Kysely<Database>, q: ReportOverviewQuery): Promise<void> {
  try {
    await sql`select ${'2000-01-01'}::date::timestamp at time zone ${q.tz}`.execute(db);
  } catch {
    throw new TandemError('validation_failed', `querystring.tz: the server does not know the time zone ${q.tz}. Use an IANA name such as Europe/Paris or UTC.`);
  }
  if (q.groupId) {
    const group = await db.selectFrom('groups').select('id').where('id', '=', q.groupId).executeTakeFirst();
    if (!group) throw new TandemError('validation_failed', 'querystring.groupId: there is no such group. Choose one from the list.');
  }
}
