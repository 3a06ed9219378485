import { useState } from 'react';
import type { TandemClient } from '../../../shared/api/client';
import type { Device } from '../../../shared/domain/device';
import { remoteStrings as s } from '../../common/remoteStrings';
import { onlineBy, useDevicesOf, useOnlineDeviceIds } from './remoteHooks';
import { RequestSessionDialog } from './RequestSessionDialog';

/**
 * The ticket page's "Remote session" action: for each of the requester's enrolled devices, a button
 * that opens the request dialog (offline devices shown, disabled, saying so).
 */
export function TicketRemoteSession({ client, requesterId, ticketId }: { client: TandemClient; requesterId: string; ticketId: string }) {
  const devices = useDevicesOf(requesterId);
  const online = onlineBy(useOnlineDeviceIds(client));
  const [asking, setAsking] = useState<Device | null>(null);
  if (!devices || devices.length === 0) return null;
  return (
    <div className="remote-ticket-action" role="group" aria-label={s.start}>
      {devices.map((d) => (
        <RemoteSessionAction key={d.id} device={d} online={online(d)} onAsk={() => setAsking(d)} />
      ))}
      {asking ? <RequestSessionDialog client={client} device={asking} ticketId={ticketId} onClose={() => setAsking(null)} /> : null}
    </div>
  );
}

/** One device's button; disabled with the reason while the device is offline. */
export function RemoteSessionAction({ device, online, onAsk }: { device: Device; online: boolean; onAsk(): void }) {
  return (
    <button type="button" onClick={onAsk} disabled={!online} title={online ? undefined : s.deviceOffline} className="remote-action">
      <span aria-hidden="true">🖥</span> {s.startOn(device.name)}
      {online ? null : <span className="hint"> ({s.offline})</span>}
    </button>
  );
}
