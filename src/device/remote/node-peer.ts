import SimplePeer from 'simple-peer';
import wrtc from '@roamhq/wrtc';
import { RemotePeer, type RemotePeerOptions, type SimplePeerConstructor } from '../../shared/remote/peer';

/** The Node runtime's RemotePeer: simple-peer over @roamhq/wrtc. */
export function createNodePeer(options: Omit<RemotePeerOptions, 'SimplePeer' | 'wrtc'>): RemotePeer {
  return new RemotePeer({ ...options, SimplePeer: SimplePeer as unknown as SimplePeerConstructor, wrtc });
}

export { wrtc };
