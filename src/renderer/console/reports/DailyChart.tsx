import { useId } from 'react';
import type { ReportDayFigures } from '../../../shared/api/reports';
import { strings } from '../../common/strings';
import { countAxis, labelledIndexes } from './chartScale';
import { formatDay } from './reportFormat';

const W = 760;
const H = 230;
const PAD = { left: 40, right: 16, top: 14, bottom: 30 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
/** Up to this many days each point gets a marker; beyond, the lines alone read better. */
const MARKERS_UP_TO = 45;

const SERIES = [
  { key: 'created', label: strings.reports.perDay.created, className: 'series-created' },
  { key: 'resolved', label: strings.reports.perDay.resolved, className: 'series-resolved' },
] as const;

/**
 * Tickets created and resolved per day as two lines (resolved dashed, with square markers, so the
 * two differ without colour), described in one sentence for screen readers and backed by a table
 * anyone can open.
 */
export function DailyChart({ days }: { days: ReportDayFigures[] }) {
  const id = useId();
  const s = strings.reports.perDay;
  const n = days.length;
  const axis = countAxis(Math.max(0, ...days.map((d) => Math.max(d.created, d.resolved))));
  const x = (i: number) => PAD.left + (n <= 1 ? PLOT_W / 2 : (i * PLOT_W) / (n - 1));
  const y = (v: number) => PAD.top + PLOT_H - (v / axis.top) * PLOT_H;
  const created = days.reduce((sum, d) => sum + d.created, 0);
  const resolved = days.reduce((sum, d) => sum + d.resolved, 0);
  const peak = (key: 'created' | 'resolved', label: string) => {
    const best = days.reduce<ReportDayFigures | null>((b, d) => (d[key] > (b?.[key] ?? 0) ? d : b), null);
    return best ? s.peak(label, best[key], formatDay(best.day, { day: 'numeric', month: 'long' })) : '';
  };
  const description =
    n === 0
      ? ''
      : s.summary(formatDay(days[0]!.day, { day: 'numeric', month: 'long' }), formatDay(days[n - 1]!.day, { day: 'numeric', month: 'long' }), created, resolved) +
        peak('created', s.created) +
        peak('resolved', s.resolved);

  return (
    <figure className="report-chart">
      <ul className="chart-legend" aria-hidden="true">
        {SERIES.map((series) => (
          <li key={series.key}>
            <svg width="28" height="12" className={series.className}>
              <line x1="1" y1="6" x2="27" y2="6" />
              {series.key === 'created' ? <circle cx="14" cy="6" r="3.5" /> : <rect x="10.5" y="2.5" width="7" height="7" />}
            </svg>
            {series.label}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-desc`} className="chart-svg">
        <desc id={`${id}-desc`}>{description}</desc>
        {axis.ticks.map((t) => (
          <g key={t} className="chart-grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 8} y={y(t)} dy="0.32em" textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {labelledIndexes(n).map((i) => (
          <text key={i} className="chart-day" x={x(i)} y={H - 8} textAnchor={n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle'}>
            {formatDay(days[i]!.day)}
          </text>
        ))}
        {SERIES.map((series) => (
          <g key={series.key} className={series.className}>
            <polyline fill="none" points={days.map((d, i) => `${x(i)},${y(d[series.key])}`).join(' ')} />
            {n <= MARKERS_UP_TO
              ? days.map((d, i) =>
                  series.key === 'created' ? (
                    <circle key={d.day} cx={x(i)} cy={y(d.created)} r="3.5" />
                  ) : (
                    <rect key={d.day} x={x(i) - 3.5} y={y(d.resolved) - 3.5} width="7" height="7" />
                  ),
                )
              : null}
          </g>
        ))}
      </svg>
      <details className="chart-table">
        <summary>{s.table}</summary>
        {/* It scrolls: focusable so the keyboard can scroll it too. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={s.caption}>
          <table>
            <caption>{s.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.day}</th>
                <th scope="col">{s.created}</th>
                <th scope="col">{s.resolved}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">
                    <time dateTime={d.day}>{formatDay(d.day, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })}</time>
                  </th>
                  <td>{d.created}</td>
                  <td>{d.resolved}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
