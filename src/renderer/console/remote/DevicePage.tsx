import { useState } from 'react';
import type { TandemClient } from '../../../shared/api/client';
import { RemoteSessionList } from '../../../shared/api/remote-sessions';
import { remoteStrings as s } from '../../common/remoteStrings';
import { followLink, hrefOf } from '../../common/router';
import { useApi } from '../../common/useApi';
import { useDirectory } from '../local/hooks';
import { DeviceState } from './DevicesPage';
import { RemoteSessionAction } from './RemoteSessionButton';
import { onlineBy, useDevice, useOnlineDeviceIds } from './remoteHooks';
import { RequestSessionDialog } from './RequestSessionDialog';
import './remote.css';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One device: its facts, the Remote session action, and its past sessions from the server. */
export function DevicePage({ client, deviceId }: { client: TandemClient; deviceId: string }) {
  const device = useDevice(deviceId);
  const online = onlineBy(useOnlineDeviceIds(client));
  const directory = useDirectory();
  const [asking, setAsking] = useState(false);
  const [sessions] = useApi(() => client.get(`/api/remote-sessions?deviceId=${encodeURIComponent(deviceId)}&limit=50`, RemoteSessionList), `sessions:${deviceId}`);

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
      ) : sessions.data.items.length === 0 ? (
        <p className="hint">{s.devices.noSessions}</p>
      ) : (
        <div className="table-wrap">
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
              {sessions.data.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <time dateTime={r.requestedAt}>{when.format(new Date(r.requestedAt))}</time>
                  </td>
                  <td>{directory.users.get(r.agentId)?.name ?? '—'}</td>
                  <td>
                    {s.status[r.status]}
                    {r.reason ? <div className="hint">{r.reason}</div> : null}
                  </td>
                  <td>{r.granted.map((g) => s.rightShort[g]).join(', ') || '—'}</td>
                  <td>
                    <a href={hrefOf(`/remote/${r.id}`)} onClick={(e) => followLink(e, `/remote/${r.id}`)}>
                      {s.devices.open}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
