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
      <MonitorIcon /> {s.startOn(device.name)}
      {online ? null : <span className="hint"> ({s.offline})</span>}
    </button>
  );
}

/** A small screen outline (no emoji: not every desktop has a font for it). */
function MonitorIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="1.5" y="2" width="13" height="9" rx="1.2" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M5.5 14h5M8 11v3" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
