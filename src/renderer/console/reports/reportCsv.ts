import type { ReportOverview } from '../../../shared/api/reports';
import { strings } from '../../common/strings';

/**
 * The report as CSV, for a spreadsheet: one block per table (a title line, a header line, the
 * rows), blocks apart by an empty line. Comma-separated, RFC 4180 quoting, CRLF line ends; the
 * download adds a byte-order mark so spreadsheet programs read it as UTF-8.
 */

type Cell = string | number | null;

/**
 * One CSV field. Text from people (names, tags, categories) that starts like a formula is prefixed
 * with an apostrophe, so a spreadsheet shows it instead of running it (CSV injection).
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (cells: Cell[]) => cells.map(csvField).join(',');

/** Seconds as minutes with one decimal, or empty when nothing was measured. */
const minutes = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds / 6) / 10);

export interface CsvNames {
  /** The chosen group's name, or null for all groups. */
  group: string | null;
}

/** Builds the whole CSV text of a report (without the byte-order mark). */
export function reportCsv(r: ReportOverview, names: CsvNames): string {
  const s = strings.reports;
  const c = s.csv;
  const blocks: Cell[][][] = [
    [
      [c.title],
      [c.from, r.range.from],
      [c.to, r.range.to],
      [c.timeZone, r.range.tz],
      [c.group, names.group ?? s.allGroups],
      [c.generated, r.generatedAt],
    ],
    [
      [c.summary],
      [c.figure, c.value],
      [s.kpi.created, r.totals.created],
      [s.kpi.resolved, r.totals.resolved],
      [s.kpi.backlog, r.backlog.total],
      [c.firstResponseCount, r.firstResponse.count],
      [c.minutes(c.firstResponseMedian), minutes(r.firstResponse.medianSeconds)],
      [c.minutes(c.firstResponseP90), minutes(r.firstResponse.p90Seconds)],
      [c.awaiting, r.firstResponse.awaiting],
      [c.minutes(c.resolutionMedian), minutes(r.resolution.medianSeconds)],
      [c.minutes(c.resolutionP90), minutes(r.resolution.p90Seconds)],
      [c.ratings, r.satisfaction.count],
      [c.satisfactionAverage, r.satisfaction.average],
    ],
    [[s.perDay.heading], [s.perDay.day, s.perDay.created, s.perDay.resolved], ...r.perDay.map((d) => [d.day, d.created, d.resolved])],
    [[`${s.backlog.heading}: ${s.backlog.byStatus}`], [s.backlog.status, s.backlog.count], ...r.backlog.byStatus.map((b) => [strings.status[b.status] ?? b.status, b.count])],
    [[`${s.backlog.heading}: ${s.backlog.byPriority}`], [s.backlog.priority, s.backlog.count], ...r.backlog.byPriority.map((b) => [b.priority, b.count])],
    [[`${s.backlog.heading}: ${s.backlog.byGroup}`], [s.backlog.groupCol, s.backlog.count], ...r.backlog.byGroup.map((b) => [b.name ?? s.noGroup, b.count])],
    [[s.satisfaction.heading], [s.satisfaction.score, s.satisfaction.count], ...r.satisfaction.distribution.map((d) => [d.score, d.count])],
    [
      [s.agents.heading],
      [s.agents.agent, s.agents.resolved, s.agents.replies, s.agents.firstResponses, c.minutes(s.agents.firstResponseMedian)],
      ...r.agents.map((a) => [a.name, a.resolved, a.publicReplies, a.firstResponses, minutes(a.firstResponseMedianSeconds)]),
    ],
    [[s.top.categories], [s.top.category, s.top.tickets], ...r.categories.map((x) => [x.category, x.count])],
    [[s.top.tags], [s.top.tag, s.top.tickets], ...r.tags.map((x) => [x.tag, x.count])],
  ];
  return blocks.map((block) => block.map(line).join('\r\n')).join('\r\n\r\n') + '\r\n';
}

/** Offers the report as a CSV file download (UTF-8 with a byte-order mark, for spreadsheets). */
export function downloadReportCsv(r: ReportOverview, names: CsvNames): void {
  const blob = new Blob(['\uFEFF', reportCsv(r, names)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = strings.reports.csv.fileName(r.range.from, r.range.to);
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file by the next turn; the URL would otherwise live as long as the page.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
