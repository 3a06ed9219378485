import { useMemo } from 'react';
import { ApiError, type TandemClient } from '../../../shared/api/client';
import { ReportOverview } from '../../../shared/api/reports';
import type { User } from '../../../shared/domain/user';
import { can } from '../../../shared/permissions';
import { navigate, useRoute } from '../../common/router';
import { strings } from '../../common/strings';
import { useApi } from '../../common/useApi';
import { useDirectory, useSyncStatus } from '../local/hooks';
import { ReportFigures } from './ReportFigures';
import { ReportControls } from './ReportControls';
import { downloadReportCsv } from './reportCsv';
import { decodeReportSelection, encodeReportSelection, rangeOf, todayIn, type ReportSelection } from './reportRange';
import './reports.css';

const s = strings.reports;

/** The browser's time zone: reports count days as the reader lives them. */
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const OFFLINE = new ApiError('network', s.offline, 0);

/**
 * Reports for supervisors and admins. Unlike the rest of the console they are not read from the
 * local database: the server computes them over every ticket, so they need a connection.
 */
export function ReportsPage({ client, user }: { client: TandemClient; user: User }) {
  if (!can(user.role, 'reports.read')) {
    return (
      <section aria-labelledby="section-heading">
        <h1 id="section-heading">{s.heading}</h1>
        <p className="error-note" role="alert">
          {s.forbidden}
        </p>
      </section>
    );
  }
  return <Reports client={client} />;
}

function Reports({ client }: { client: TandemClient }) {
  const route = useRoute();
  const selection = decodeReportSelection(route.query);
  const tz = useMemo(() => browserTimeZone(), []);
  const today = todayIn(tz, new Date());
  const { from, to } = rangeOf(selection, today);
  const offline = useSyncStatus().connection === 'offline';
  const groups = useDirectory().groups;
  const groupList = useMemo(() => [...groups.values()].sort((a, b) => a.name.localeCompare(b.name)), [groups]);

  const query = new URLSearchParams({ from, to, tz });
  if (selection.groupId) query.set('groupId', selection.groupId);
  const path = `/api/reports/overview?${query.toString()}`;
  // Offline is part of the key: coming back online asks again by itself.
  const [report, retry] = useApi<ReportOverview>(() => (offline ? Promise.reject(OFFLINE) : client.get(path, ReportOverview)), `${path}|${offline ? 'offline' : 'online'}`);

  const select = (next: ReportSelection) => {
    const params = encodeReportSelection(next).toString();
    navigate(params ? `/reports?${params}` : '/reports', { replace: true });
  };
  const groupName = selection.groupId ? (groups.get(selection.groupId)?.name ?? selection.groupId) : null;

  return (
    <section aria-labelledby="section-heading" className="reports-page">
      <div className="reports-head">
        <div>
          <h1 id="section-heading">{s.heading}</h1>
          <p className="hint">{s.intro}</p>
        </div>
        <button type="button" className="primary" disabled={report.state !== 'ready'} onClick={() => report.state === 'ready' && downloadReportCsv(report.data, { group: groupName })}>
          {s.download}
        </button>
      </div>
      <ReportControls selection={selection} today={today} groups={groupList} onChange={select} />
      <p className="hint report-tz">{s.timeZone(tz)}</p>
      {report.state === 'loading' ? (
        <p role="status" className="report-note">
          {s.loading}
        </p>
      ) : report.state === 'failed' ? (
        report.error.code === 'network' ? (
          <div role="status" className="report-note offline-note">
            <p>{s.offline}</p>
            {offline ? null : (
              <button type="button" onClick={retry}>
                {s.retry}
              </button>
            )}
          </div>
        ) : (
          <div role="alert" className="error-note report-error">
            <p>
              {s.failed} {report.error.message}
            </p>
            <button type="button" onClick={retry}>
              {s.retry}
            </button>
          </div>
        )
      ) : (
        <ReportFigures report={report.data} />
      )}
      <p className="hint">{s.noSla}</p>
    </section>
  );
}
