import { Fragment, useState } from 'react';
import type { TandemClient } from '../../../shared/api/client';
import { RemoteSessionList } from '../../../shared/api/remote-sessions';
import { remoteStrings as s } from '../../common/remoteStrings';
import { sessionRecordStrings as r } from '../../common/sessionRecordStrings';
import { followLink, hrefOf } from '../../common/router';
import { useDirectory } from '../local/hooks';
import { DeviceState } from './DevicesPage';
import { LoadMore } from './LoadMore';
import { RemoteSessionAction } from './RemoteSessionButton';
import { onlineBy, useDevice, useOnlineDeviceIds } from './remoteHooks';
import { RequestSessionDialog } from './RequestSessionDialog';
import { SessionRecord } from './SessionRecord';
import { usePages } from './usePages';
import './remote.css';
import './sessionRecord.css';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Sessions per page of the device's list. */
const PAGE = 25;

/** One device: its facts, the Remote session action, and its past sessions from the server (a page at a time, each with its record). */
export function DevicePage({ client, deviceId }: { client: TandemClient; deviceId: string }) {
  const device = useDevice(deviceId);
  const online = onlineBy(useOnlineDeviceIds(client));
  const directory = useDirectory();
  const [asking, setAsking] = useState(false);
  const sessions = usePages(
    (cursor) => client.get(`/api/remote-sessions?deviceId=${encodeURIComponent(deviceId)}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, RemoteSessionList),
    `sessions:${deviceId}`,
  );
  const [open, setOpen] = useState<string | null>(null);

  const back = (
    <a href={hrefOf('/devices')} onClick={(e) => followLink(e, '/devices')} className="back-link">
      ← {s.devices.back}
    </a>
  );
  if (device === undefined) return <p role="status">…</p>;
  if (device === null) {
    return (
      <section aria-labelledby="section-heading">
        {back}
        <h1 id="section-heading">{deviceId}</h1>
        <div className="empty-state">{s.devices.notHere}</div>
      </section>
    );
  }
  return (
    <section aria-labelledby="section-heading" className="device-page">
      {back}
      <h1 id="section-heading">{device.name}</h1>
      <dl className="facts">
        <dt>{s.devices.state}</dt>
        <dd>
          <DeviceState online={online(device)} revoked={!!device.revokedAt} />
        </dd>
        <dt>{s.devices.host}</dt>
        <dd className="code">{device.hostname}</dd>
        <dt>{s.devices.os}</dt>
        <dd>{device.os}</dd>
        <dt>{s.devices.owner}</dt>
        <dd>{device.ownerId ? (directory.users.get(device.ownerId)?.name ?? '—') : '—'}</dd>
      </dl>
      {!device.revokedAt ? <RemoteSessionAction device={device} online={online(device)} onAsk={() => setAsking(true)} /> : null}
      {asking ? <RequestSessionDialog client={client} device={device} onClose={() => setAsking(false)} /> : null}
      <h2>{s.devices.sessions}</h2>
      {sessions.state === 'loading' ? (
        <p role="status">…</p>
      ) : sessions.state === 'failed' ? (
        <p className="error-note" role="alert">{sessions.error.message}</p>
      ) : sessions.items.length === 0 ? (
        <p className="hint">{s.devices.noSessions}</p>
      ) : (
        <div className="table-wrap device-sessions">
          <table>
            <caption className="visually-hidden">{s.devices.sessions}</caption>
            <thead>
              <tr>
                <th scope="col">{s.devices.when}</th>
                <th scope="col">{s.devices.agent}</th>
                <th scope="col">{s.devices.status}</th>
                <th scope="col">{s.devices.rights}</th>
                <th scope="col">
                  <span className="visually-hidden">{s.devices.open}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.items.map((row) => {
                const requested = when.format(new Date(row.requestedAt));
                const shown = open === row.id;
                return (
                  <Fragment key={row.id}>
                    <tr>
                      <td>
                        <time dateTime={row.requestedAt}>{requested}</time>
                      </td>
                      <td>{directory.users.get(row.agentId)?.name ?? '—'}</td>
                      <td>
                        {s.status[row.status]}
                        {row.reason ? <div className="hint">{row.reason}</div> : null}
                      </td>
                      <td>{row.granted.map((g) => s.rightShort[g]).join(', ') || '—'}</td>
                      <td>
                        <a href={hrefOf(`/remote/${row.id}`)} onClick={(e) => followLink(e, `/remote/${row.id}`)}>
                          {s.devices.open}
                        </a>{' '}
                        <button type="button" className="link" aria-expanded={shown} aria-controls={`record-${row.id}`} aria-label={shown ? `${r.hideRecord} (${requested})` : r.recordOf(requested)} onClick={() => setOpen(shown ? null : row.id)}>
                          {shown ? r.hideRecord : r.record}
                        </button>
                      </td>
                    </tr>
                    {shown ? (
                      <tr className="session-record-row" id={`record-${row.id}`}>
                        <td colSpan={5}>
                          <SessionRecord client={client} sessionId={row.id} label={r.recordOf(requested)} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          <LoadMore pages={sessions} />
        </div>
      )}
    </section>
  );
}
