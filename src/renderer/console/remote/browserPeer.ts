import SimplePeerBundle from 'simple-peer/simplepeer.min.js';
import type { IceServer } from '../../../shared/api/remote-sessions';
import type { RemoteRight } from '../../../shared/domain/remote-session';
import { RemotePeer, type SimplePeerConstructor } from '../../../shared/remote/peer';

/**
 * The console's side of a session's WebRTC link: RemotePeer over the browser's own WebRTC, with
 * simple-peer's standalone bundle (its package index needs Node polyfills vite does not add). The
 * console never initiates: the device owns the screen track and offers.
 */
export function createBrowserPeer(iceServers: IceServer[], rights: readonly RemoteRight[], onDropped?: (channel: string, reason: string) => void): RemotePeer {
  return new RemotePeer({ SimplePeer: SimplePeerBundle as SimplePeerConstructor, initiator: false, iceServers, rights, onDropped });
}
