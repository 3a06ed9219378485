import { z } from 'zod';
import { Id, Timestamp } from '../domain/common';
import { TicketPriority, TicketStatus } from '../domain/ticket';

/**
 * GET /api/reports/overview — the helpdesk figures a supervisor reads: volume, backlog, response
 * and resolution times, satisfaction, per agent. Computed on the server from the SQL store; days
 * are calendar days in the time zone the caller names.
 */

/** The longest range one report covers: a year, leap years included. */
export const MAX_REPORT_DAYS = 366;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Milliseconds since the epoch of a calendar day's UTC midnight, or null when it is no real day (2026-02-30). */
function dayToUtcMs(day: string): number | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === day ? ms : null;
}

/** A calendar day plus `n` days (n may be negative); both as `YYYY-MM-DD`. */
export function addDays(day: string, n: number): string {
  const ms = dayToUtcMs(day);
  if (ms === null) throw new RangeError(`Not a calendar day: ${day}`);
  return new Date(ms + n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** How many calendar days from `from` to `to`, both included (1 for the same day). */
export function daysInRange(from: string, to: string): number {
  const a = dayToUtcMs(from);
  const b = dayToUtcMs(to);
  if (a === null || b === null) throw new RangeError(`Not a calendar day: ${a === null ? from : to}`);
  return Math.round((b - a) / MS_PER_DAY) + 1;
}

/** Every calendar day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const n = daysInRange(from, to);
  return Array.from({ length: Math.max(0, n) }, (_, i) => addDays(from, i));
}

/** Whether the runtime knows an IANA time zone name (Europe/Paris, America/New_York, UTC). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A calendar day, `YYYY-MM-DD`. */
export const ReportDay = z
  .string()
  .regex(DAY, 'Give the day as YYYY-MM-DD.')
  .refine((d) => dayToUtcMs(d) !== null, 'This day does not exist in the calendar.');

export const TimeZoneName = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'This is not a known time zone. Use an IANA name such as Europe/Paris or UTC.');

export const ReportOverviewQuery = z
  .strictObject({
    from: ReportDay,
    to: ReportDay,
    tz: TimeZoneName,
    groupId: Id.optional(),
  })
  .superRefine((q, ctx) => {
    if (dayToUtcMs(q.from) === null || dayToUtcMs(q.to) === null) return;
    const days = daysInRange(q.from, q.to);
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The range ends before it starts. Choose a "to" day on or after the "from" day.' });
    else if (days > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `A report covers at most ${MAX_REPORT_DAYS} days. Choose a shorter range.` });
  });
export type ReportOverviewQuery = z.infer<typeof ReportOverviewQuery>;

const Count = z.number().int().min(0);
/** A duration in whole seconds, or null when there was nothing to measure. */
const Seconds = z.number().min(0).nullable();

/** Median and 90th percentile of a duration over `count` tickets. */
export const DurationFigures = z.object({ count: Count, medianSeconds: Seconds, p90Seconds: Seconds });
export type DurationFigures = z.infer<typeof DurationFigures>;

export const ReportDayFigures = z.object({ day: z.string(), created: Count, resolved: Count });
export type ReportDayFigures = z.infer<typeof ReportDayFigures>;

export const ReportAgentRow = z.object({
  userId: Id,
  name: z.string(),
  /** Tickets assigned to them whose (current) resolution falls in the range. */
  resolved: Count,
  /** Public replies they wrote in the range (on tickets they did not raise). */
  publicReplies: Count,
  /** Tickets created in the range whose first response was theirs. */
  firstResponses: Count,
  firstResponseMedianSeconds: Seconds,
});
export type ReportAgentRow = z.infer<typeof ReportAgentRow>;

export const ReportOverview = z.object({
  range: z.object({ from: z.string(), to: z.string(), tz: z.string(), groupId: Id.nullable(), days: Count }),
  generatedAt: Timestamp,
  /** Per calendar day of the range in `tz`, every day listed (zeros included). */
  perDay: z.array(ReportDayFigures),
  totals: z.object({ created: Count, resolved: Count }),
  /** Tickets not resolved or closed now (not limited to the range). */
  backlog: z.object({
    total: Count,
    byStatus: z.array(z.object({ status: TicketStatus, count: Count })),
    byPriority: z.array(z.object({ priority: TicketPriority, count: Count })),
    byGroup: z.array(z.object({ groupId: Id.nullable(), name: z.string().nullable(), count: Count })),
  }),
  /** Tickets created in the range: creation to the first public reply by someone other than the requester. */
  firstResponse: DurationFigures.extend({ awaiting: Count }),
  /** Tickets resolved in the range: creation to resolution. */
  resolution: DurationFigures,
  /** Ratings given in the range. */
  satisfaction: z.object({
    count: Count,
    average: z.number().nullable(),
    distribution: z.array(z.object({ score: z.number().int().min(1).max(5), count: Count })),
  }),
  agents: z.array(ReportAgentRow),
  /** Of the tickets created in the range, most frequent first (at most 10 each). */
  categories: z.array(z.object({ category: z.string(), count: Count })),
  tags: z.array(z.object({ tag: z.string(), count: Count })),
});
export type ReportOverview = z.infer<typeof ReportOverview>;

/** The statuses that make up the backlog: everything not resolved or closed. */
export const BACKLOG_STATUSES = ['new', 'open', 'pending', 'on_hold'] as const satisfies readonly TicketStatus[];
