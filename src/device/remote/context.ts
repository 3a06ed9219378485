import type { RemoteRight } from '../../shared/domain/remote-session';
import type { ChannelMessage } from '../../shared/remote/channels';
import type { SessionLogFrame } from '../../shared/remote/signaling';
import type { LinkLogger } from '../agent/link';

export type DataChannelName = 'control' | 'shell' | 'diagnostics' | 'files' | 'chat';

/**
 * What a session's channel services (shell, screen, control, diagnostics, files) see of their
 * session: the current connection (it changes on a reconnect), the rights in force now, and the
 * session's record.
 */
export interface SessionContext {
  readonly sessionId: string;
  /** Rights in force now: granted, less control while the person at the device holds it (view only). */
  rights(): readonly RemoteRight[];
  /** Sends on the current connection; false when there is none or its queue is full. */
  send<C extends DataChannelName>(channel: C, message: ChannelMessage<C>): boolean;
  sendBinary(channel: DataChannelName, bytes: Uint8Array): boolean;
  /** Waits until the channel can take more (or the connection is gone). */
  drained(channel: DataChannelName): Promise<void>;
  /** Whether a connection is up right now. */
  connected(): boolean;
  /** A line for the session's record on the server. */
  record(kind: SessionLogFrame['kind'], data: Record<string, unknown>): void;
  log: LinkLogger;
}
