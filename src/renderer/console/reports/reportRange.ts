import { addDays, daysInRange, MAX_REPORT_DAYS, ReportDay } from '../../../shared/api/reports';
import { Id } from '../../../shared/domain/common';

/** The ranges offered with one click: the last 7, 30 or 90 days, today included. */
export const RANGE_PRESETS = ['7', '30', '90'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_PRESET: RangePreset = '30';

/** What the Reports page shows, as the address bar keeps it: a preset or a custom range, and a group. */
export type ReportSelection =
  | { kind: 'preset'; preset: RangePreset; groupId: string | null }
  | { kind: 'custom'; from: string; to: string; groupId: string | null };

/** Today's calendar day (`YYYY-MM-DD`) in a time zone. */
export function todayIn(tz: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The first and last day a selection covers, given today's day where the reader is. */
export function rangeOf(selection: ReportSelection, today: string): { from: string; to: string } {
  if (selection.kind === 'custom') return { from: selection.from, to: selection.to };
  return { from: addDays(today, -(Number(selection.preset) - 1)), to: today };
}

/** Why a custom range cannot be asked for, or null when it can (the server says the same). */
export function customRangeProblem(from: string, to: string): 'incomplete' | 'reversed' | 'too_long' | null {
  if (!ReportDay.safeParse(from).success || !ReportDay.safeParse(to).success) return 'incomplete';
  const days = daysInRange(from, to);
  if (days < 1) return 'reversed';
  if (days > MAX_REPORT_DAYS) return 'too_long';
  return null;
}

/** The selection as URL query parameters; the default (last 30 days, all groups) is left out. */
export function encodeReportSelection(s: ReportSelection): URLSearchParams {
  const p = new URLSearchParams();
  if (s.kind === 'custom') {
    p.set('from', s.from);
    p.set('to', s.to);
  } else if (s.preset !== DEFAULT_PRESET) {
    p.set('range', s.preset);
  }
  if (s.groupId) p.set('group', s.groupId);
  return p;
}

/**
 * Reads the selection from URL query parameters. A link may be old or hand-edited: a value that
 * does not parse is dropped on its own. A custom range of real days is kept even when the server
 * will refuse it (reversed, too long), so the page shows the server's reason rather than guessing.
 */
export function decodeReportSelection(p: URLSearchParams): ReportSelection {
  const group = Id.safeParse(p.get('group'));
  const groupId = group.success ? group.data : null;
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  if (ReportDay.safeParse(from).success && ReportDay.safeParse(to).success) return { kind: 'custom', from, to, groupId };
  const range = p.get('range');
  const preset = (RANGE_PRESETS as readonly string[]).includes(range ?? '') ? (range as RangePreset) : DEFAULT_PRESET;
  return { kind: 'preset', preset, groupId };
}
