import type { TandemClient } from '../../../shared/api/client';
import { remoteStrings as s } from '../../common/remoteStrings';
import { followLink, hrefOf } from '../../common/router';
import { useDirectory } from '../local/hooks';
import { onlineBy, useDevices, useOnlineDeviceIds } from './remoteHooks';
import './remote.css';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Enrolled devices from the local database, with whether the server sees them online now. */
export function DevicesPage({ client }: { client: TandemClient }) {
  const devices = useDevices();
  const online = onlineBy(useOnlineDeviceIds(client));
  const directory = useDirectory();
  return (
    <section aria-labelledby="section-heading">
      <h1 id="section-heading">{s.devices.heading}</h1>
      {devices === null ? (
        <p role="status">…</p>
      ) : devices.length === 0 ? (
        <div className="empty-state">{s.devices.empty}</div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{s.devices.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.devices.name}</th>
                <th scope="col">{s.devices.state}</th>
                <th scope="col">{s.devices.owner}</th>
                <th scope="col">{s.devices.os}</th>
                <th scope="col">{s.devices.lastSeen}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.id}>
                  <td>
                    <a href={hrefOf(`/devices/${d.id}`)} onClick={(e) => followLink(e, `/devices/${d.id}`)}>
                      {d.name}
                    </a>
                    <div className="hint">{d.hostname}</div>
                  </td>
                  <td>
                    <DeviceState online={online(d)} revoked={!!d.revokedAt} />
                  </td>
                  <td>{d.ownerId ? (directory.users.get(d.ownerId)?.name ?? '—') : '—'}</td>
                  <td>{d.os}</td>
                  <td>{d.lastSeenAt ? <time dateTime={d.lastSeenAt}>{when.format(new Date(d.lastSeenAt))}</time> : s.devices.never}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Online / offline / revoked as a dot and a word (never colour alone). */
export function DeviceState({ online, revoked }: { online: boolean; revoked: boolean }) {
  const label = revoked ? s.devices.revoked : online ? s.online : s.offline;
  return (
    <span className="device-state">
      <span className={`sync-dot ${online && !revoked ? 'online' : 'offline'}`} aria-hidden="true" /> {label}
    </span>
  );
}
