import { strings } from '../../common/strings';

const d = strings.reports.duration;

/**
 * A duration as a person reads it, to the precision that matters at its size: seconds under a
 * minute, minutes under an hour, hours and minutes under a day, then days and hours.
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return strings.reports.noMeasure;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return d.seconds(s);
  const totalMinutes = Math.round(s / 60);
  if (totalMinutes < 60) return d.minutes(totalMinutes);
  if (totalMinutes < 24 * 60) return d.hours(Math.floor(totalMinutes / 60), totalMinutes % 60);
  const totalHours = Math.round(s / 3600);
  return d.days(Math.floor(totalHours / 24), totalHours % 24);
}

/** A calendar day (`YYYY-MM-DD`) as a short local date, without moving it across a time zone. */
export function formatDay(day: string, options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' }): string {
  const [y, m, dd] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, dd!)));
}
