import type { ReportOverview } from '../../../shared/api/reports';
import { strings } from '../../common/strings';
import { AgentTable } from './AgentTable';
import { BarTable } from './BarTable';
import { DailyChart } from './DailyChart';
import { formatDuration } from './reportFormat';

const s = strings.reports;
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 2 });

/** Every figure of one report: key figures, the daily chart, times, backlog, satisfaction, agents, top lists. */
export function ReportFigures({ report: r }: { report: ReportOverview }) {
  const kpis: { key: string; label: string; value: string; hint?: string }[] = [
    { key: 'created', label: s.kpi.created, value: String(r.totals.created) },
    { key: 'resolved', label: s.kpi.resolved, value: String(r.totals.resolved) },
    { key: 'backlog', label: s.kpi.backlog, value: String(r.backlog.total), hint: s.backlogHint },
    {
      key: 'first-response',
      label: s.kpi.firstResponse,
      value: formatDuration(r.firstResponse.medianSeconds),
      hint: r.firstResponse.awaiting > 0 ? s.awaiting(r.firstResponse.awaiting) : r.firstResponse.p90Seconds !== null ? s.p90(formatDuration(r.firstResponse.p90Seconds)) : undefined,
    },
    {
      key: 'resolution',
      label: s.kpi.resolution,
      value: formatDuration(r.resolution.medianSeconds),
      hint: r.resolution.p90Seconds !== null ? s.p90(formatDuration(r.resolution.p90Seconds)) : undefined,
    },
    {
      key: 'satisfaction',
      label: s.kpi.satisfaction,
      value: r.satisfaction.average === null ? s.noMeasure : s.outOf5(oneDecimal.format(r.satisfaction.average)),
      hint: s.ofRatings(r.satisfaction.count),
    },
  ];

  return (
    <div className="report-figures">
      <section aria-labelledby="kpi-heading">
        <h2 id="kpi-heading" className="visually-hidden">
          {s.kpis}
        </h2>
        <ul className="kpis">
          {kpis.map((k) => (
            <li key={k.key} className="kpi" data-kpi={k.key}>
              <span className="kpi-label">{k.label}</span>
              <span className="kpi-value">{k.value}</span>
              {k.hint ? <span className="kpi-hint">{k.hint}</span> : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="per-day-heading" className="report-card">
        <h2 id="per-day-heading">{s.perDay.heading}</h2>
        <DailyChart days={r.perDay} />
      </section>

      <div className="report-columns">
        <section aria-labelledby="times-heading" className="report-card">
          <h2 id="times-heading">{s.times.heading}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{s.times.what}</th>
                  <th scope="col" className="num">{s.times.tickets}</th>
                  <th scope="col" className="num">{s.times.median}</th>
                  <th scope="col" className="num">{s.times.p90}</th>
                </tr>
              </thead>
              <tbody>
                {[
                  { key: 'first', label: s.times.firstResponse, hint: s.times.firstResponseHint, f: r.firstResponse },
                  { key: 'resolution', label: s.times.resolution, hint: s.times.resolutionHint, f: r.resolution },
                ].map((row) => (
                  <tr key={row.key}>
                    <th scope="row">
                      {row.label}
                      <span className="hint row-hint">{row.hint}</span>
                    </th>
                    <td className="num">{row.f.count}</td>
                    <td className="num">{formatDuration(row.f.medianSeconds)}</td>
                    <td className="num">{formatDuration(row.f.p90Seconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section aria-labelledby="satisfaction-heading" className="report-card">
          <h2 id="satisfaction-heading">{s.satisfaction.heading}</h2>
          {r.satisfaction.count === 0 ? (
            <p className="hint">{s.satisfaction.empty}</p>
          ) : (
            <BarTable
              caption={`${s.satisfaction.average}: ${s.outOf5(oneDecimal.format(r.satisfaction.average ?? 0))} (${s.ofRatings(r.satisfaction.count)})`}
              labelHeading={s.satisfaction.score}
              countHeading={s.satisfaction.count}
              rows={[...r.satisfaction.distribution].reverse().map((d) => ({ key: String(d.score), label: `${d.score} · ${strings.rating.scores[d.score] ?? ''}`, count: d.count }))}
            />
          )}
        </section>
      </div>

      <section aria-labelledby="backlog-heading" className="report-card">
        <h2 id="backlog-heading">
          {s.backlog.heading} <span className="badge">{r.backlog.total}</span>
        </h2>
        {r.backlog.total === 0 ? (
          <p className="hint">{s.backlog.empty}</p>
        ) : (
          <div className="report-columns three">
            <BarTable caption={s.backlog.byStatus} labelHeading={s.backlog.status} countHeading={s.backlog.count} rows={r.backlog.byStatus.map((b) => ({ key: b.status, label: strings.status[b.status] ?? b.status, count: b.count }))} />
            <BarTable caption={s.backlog.byPriority} labelHeading={s.backlog.priority} countHeading={s.backlog.count} rows={r.backlog.byPriority.map((b) => ({ key: b.priority, label: b.priority, count: b.count }))} />
            <BarTable caption={s.backlog.byGroup} labelHeading={s.backlog.groupCol} countHeading={s.backlog.count} rows={r.backlog.byGroup.map((b) => ({ key: b.groupId ?? 'none', label: b.name ?? s.noGroup, count: b.count }))} />
          </div>
        )}
      </section>

      <section aria-labelledby="agents-heading" className="report-card">
        <h2 id="agents-heading">{s.agents.heading}</h2>
        <AgentTable agents={r.agents} />
      </section>

      <div className="report-columns">
        <section aria-labelledby="categories-heading" className="report-card">
          <h2 id="categories-heading">{s.top.categories}</h2>
          <BarTable caption={s.top.categories} labelHeading={s.top.category} countHeading={s.top.tickets} rows={r.categories.map((c) => ({ key: c.category, label: c.category, count: c.count }))} empty={s.top.empty} hideCaption />
        </section>
        <section aria-labelledby="tags-heading" className="report-card">
          <h2 id="tags-heading">{s.top.tags}</h2>
          <BarTable caption={s.top.tags} labelHeading={s.top.tag} countHeading={s.top.tickets} rows={r.tags.map((t) => ({ key: t.tag, label: t.tag, count: t.count }))} empty={s.top.empty} hideCaption />
        </section>
      </div>
      <p className="hint">{s.generatedAt(when.format(new Date(r.generatedAt)))}</p>
    </div>
  );
}
